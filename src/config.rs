//! Project configuration (placeholder).
