//! The four roles of DESIGN.md and what each may do.

use serde::{Deserialize, Serialize};

/// Who a user is to the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages centers and users, runs migrations, verifies the audit chain.
    Admin,
    /// Reads all centers pseudonymously, reports and audit; raises data queries.
    Coordinator,
    /// Data entry for one center.
    Center,
    /// Requests anonymised releases and aggregate analyses; never patient-level records.
    Researcher,
}

impl Role {
    /// The code stored and sent (`admin`, `coordinator`, `center`, `researcher`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Coordinator => "coordinator",
            Self::Center => "center",
            Self::Researcher => "researcher",
        }
    }

    /// Parses the code.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::Admin),
            "coordinator" => Some(Self::Coordinator),
            "center" => Some(Self::Center),
            "researcher" => Some(Self::Researcher),
            _ => None,
        }
    }
}
