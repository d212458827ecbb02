//! The automatic assignment of a hearing to a conciliator, balancing the load (issue 4: "automatic
//! assignment that balances load"). The law only says that hearings go to conciliators by turn
//! (684-E V); who is least busy is for the centre to compute, from the store's counts.

/// The conciliator with the fewest hearings among `loads` (`(user id, hearings)` pairs), ties
/// going to the lowest id; `None` when there is nobody to choose.
pub fn pick_conciliator(loads: &[(i64, i64)]) -> Option<i64> {
    loads
        .iter()
        .min_by_key(|(id, hearings)| (*hearings, *id))
        .map(|(id, _)| *id)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::pick_conciliator;

    #[test]
    fn the_least_loaded_wins_and_ties_go_to_the_lowest_id() {
        assert_eq!(pick_conciliator(&[]), None);
        assert_eq!(pick_conciliator(&[(9, 4)]), Some(9));
        assert_eq!(pick_conciliator(&[(3, 5), (8, 2), (5, 7)]), Some(8));
        assert_eq!(pick_conciliator(&[(12, 2), (4, 2), (7, 3)]), Some(4));
    }

    proptest! {
        #[test]
        fn never_picks_a_more_loaded_one(loads in proptest::collection::vec((1i64..50, 0i64..20), 0..12)) {
            match pick_conciliator(&loads) {
                None => prop_assert!(loads.is_empty()),
                Some(id) => {
                    let mine = loads.iter().filter(|(i, _)| *i == id).map(|(_, h)| *h).min();
                    prop_assert!(mine.is_some(), "the pick is one of the candidates");
                    let mine = mine.unwrap_or_default();
                    for (other, hearings) in &loads {
                        prop_assert!(mine <= *hearings, "{id} has {mine} hearings, {other} only {hearings}");
                        if *hearings == mine {
                            prop_assert!(id <= *other, "a tie goes to the lowest id");
                        }
                    }
                }
            }
        }
    }
}
