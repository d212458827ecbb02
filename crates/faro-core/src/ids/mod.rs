//! Mexican identifiers (being written).
