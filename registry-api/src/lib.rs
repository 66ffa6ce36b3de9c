//! (lib)
