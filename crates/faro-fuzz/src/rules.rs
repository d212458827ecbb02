//! A deployment's overrides of the configurable legal rules (TOML given to `faro serve`), for
//! the general rules and for the union registry's.

use faro_core::rules::Rules;
use faro_core::union::UnionRules;

/// The first byte chooses the general rules or the union registry's; the rest is the TOML. On
/// success the same ids remain in the same order, a rule that is not configurable is
/// unchanged, and applying the same text again gives the same rules.
pub fn rules_overrides(data: &[u8]) {
    let Some((&mode, toml)) = data.split_first() else {
        return;
    };
    let toml = crate::text(toml);
    let base = if mode & 1 == 0 {
        Rules::official()
    } else {
        UnionRules::official().map(UnionRules::rules)
    };
    let base = match base {
        Ok(rules) => rules,
        Err(e) => crate::broken(format!("the official rules do not load: {e}")),
    };
    let Ok(changed) = base.with_overrides(&toml) else {
        return;
    };
    assert_eq!(
        base.with_overrides(&toml).ok().as_ref(),
        Some(&changed),
        "not deterministic"
    );
    let pairs = |a: Vec<(&str, bool, String)>, b: Vec<(&str, bool, String)>, kind: &str| {
        assert_eq!(a.len(), b.len(), "the number of {kind} rules changed");
        for (before, after) in a.iter().zip(&b) {
            assert_eq!(before.0, after.0, "a {kind} id changed");
            if !before.1 {
                assert_eq!(
                    before.2, after.2,
                    "the {kind} rule {} is not configurable but changed",
                    before.0
                );
            }
        }
    };
    pairs(
        base.deadlines()
            .map(|r| (r.meta.id.as_str(), r.meta.configurable, format!("{r:?}")))
            .collect(),
        changed
            .deadlines()
            .map(|r| (r.meta.id.as_str(), r.meta.configurable, format!("{r:?}")))
            .collect(),
        "deadline",
    );
    pairs(
        base.violations()
            .map(|r| (r.meta.id.as_str(), r.meta.configurable, format!("{r:?}")))
            .collect(),
        changed
            .violations()
            .map(|r| (r.meta.id.as_str(), r.meta.configurable, format!("{r:?}")))
            .collect(),
        "violation",
    );
    pairs(
        base.parameters()
            .map(|r| (r.meta.id.as_str(), r.meta.configurable, format!("{r:?}")))
            .collect(),
        changed
            .parameters()
            .map(|r| (r.meta.id.as_str(), r.meta.configurable, format!("{r:?}")))
            .collect(),
        "parameter",
    );
}
