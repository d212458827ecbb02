//! faro-web
