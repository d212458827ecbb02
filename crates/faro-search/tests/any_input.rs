//! Property: whatever a person types, search answers or returns a typed query error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::OnceLock;

use faro_search::{Index, Query, SearchError};
use proptest::prelude::*;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(common::fixture_index)
}

fn check(text: String, page: usize, page_size: usize) -> Result<(), TestCaseError> {
    let q = Query {
        text,
        page,
        page_size,
        ..Query::default()
    };
    match index().search(&q) {
        Ok(r) => {
            prop_assert!(r.hits.len() <= page_size);
            prop_assert!(r.total <= 8);
            for hit in &r.hits {
                if let Some(s) = &hit.snippet {
                    let bare = s.replace("<mark>", "").replace("</mark>", "");
                    prop_assert!(!bare.contains('<'));
                }
            }
        }
        Err(SearchError::Query(_)) => {}
        Err(other) => prop_assert!(false, "untyped failure: {other}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,200}", page in 0usize..5, page_size in 0usize..60) {
        check(text, page, page_size)?;
    }

    #[test]
    fn operator_soup(text in "[\"“”«»()\\-+|:*~^?!&\\\\/ ]{0,20}(salario|vacaciones|OR|AND|NOT|-huelga|\"prima|año|MNO900101AB1| ){0,12}[\"\\- ]{0,3}") {
        check(text, 0, 10)?;
    }

    #[test]
    fn control_characters(text in "[\\x00-\\x1f\\x7f a-z]{0,100}") {
        check(text, 0, 10)?;
    }

    #[test]
    fn very_long_inputs(word in "[a-zñ]{1,12}", repeat in 1usize..200) {
        let text = vec![word; repeat].join(" ");
        check(text, 0, 10)?;
    }
}
