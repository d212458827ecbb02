//! faro-store
