//! Clinical instruments of CLINICAL.md §1.
