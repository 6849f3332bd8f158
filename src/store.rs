//! The SQLite store. Placeholder: being written.
