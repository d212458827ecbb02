//! faro-denue
