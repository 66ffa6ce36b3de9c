#![doc = include_str!("../README.md")]

pub mod error;
pub mod patient;
pub mod role;
pub mod text;
pub mod time;

pub mod instruments;
pub mod responses;

pub mod catalogue;
pub mod eligibility;
pub mod treatment;
pub mod vaccination;

pub mod labs;
pub mod monitoring;
pub mod plausible;

pub mod adverse_event;
pub mod windows;

pub mod anonymise;
pub mod curves;
pub mod trajectory;

pub mod timeline;
pub mod visit;

#[cfg(feature = "store")]
pub mod store;

pub use error::{FieldError, ValidationErrors, Warning};

/// Version of the clinical rules in this crate. Stored beside every value a rule computed
/// (totals, canonical lab values, flags), so a later change of rules can find what to recompute.
pub const RULES_VERSION: &str = concat!("registry-core/", env!("CARGO_PKG_VERSION"));
