#![doc = include_str!("../README.md")]
pub mod analyses;
pub mod release;
pub mod reports;
