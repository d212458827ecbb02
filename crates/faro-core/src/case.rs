//! What every case's state machine shares: checked free text from forms, and deciding then
//! folding a command's events into the state.

use crate::DomainError;

/// A required text field: trimmed, not empty, at most `max` characters.
pub fn required_text(field: &'static str, value: &str, max: usize) -> Result<String, DomainError> {
    let t = optional_text(field, value, max)?;
    if t.is_empty() {
        return Err(DomainError::field(
            field,
            "field.required",
            format!("{field} is required"),
        ));
    }
    Ok(t)
}

/// An optional text field: trimmed, at most `max` characters.
pub fn optional_text(field: &'static str, value: &str, max: usize) -> Result<String, DomainError> {
    let t = value.trim();
    if t.chars().count() > max {
        return Err(DomainError::field(
            field,
            "field.too_long",
            format!("{field} is longer than {max} characters"),
        )
        .with("max", max.to_string()));
    }
    Ok(t.to_string())
}

/// A state machine's decision function.
pub type Decide<S, C, E, X> = fn(Option<&S>, &C, &X) -> Result<Vec<E>, DomainError>;

/// Decides a command and folds its events: the events and the state after them. `missing` is the
/// error when there is no state afterwards (a command on a case that does not exist).
pub fn execute<S: Clone, C, E, X>(
    state: Option<&S>,
    command: &C,
    ctx: &X,
    decide: Decide<S, C, E, X>,
    apply: fn(Option<S>, &E) -> Option<S>,
    missing: fn() -> DomainError,
) -> Result<(Vec<E>, S), DomainError> {
    let events = decide(state, command, ctx)?;
    let mut next = state.cloned();
    for e in &events {
        next = apply(next, e);
    }
    Ok((events, next.ok_or_else(missing)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_are_trimmed_and_bounded() {
        assert_eq!(required_text("name", "  Ana ", 10).unwrap(), "Ana");
        assert_eq!(required_text("name", "   ", 10).unwrap_err().code, "field.required");
        assert_eq!(optional_text("note", "", 10).unwrap(), "");
        let e = optional_text("note", "ñññññññññññ", 10).unwrap_err();
        assert_eq!(e.code, "field.too_long");
        // Characters, not bytes: ten ñ fit in ten.
        assert!(required_text("name", "ññññññññññ", 10).is_ok());
    }
}
