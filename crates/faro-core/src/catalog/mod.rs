//! Official catalogs (being written).
