//! Role guards: extractor types that state in a handler's signature who may call it. A caller
//! with a valid token but another role gets 403.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use registry_core::role::Role;

use super::AuthUser;
use crate::error::ApiError;

macro_rules! guard {
    ($(#[$doc:meta])* $name:ident: $($role:ident)|+) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $name(pub AuthUser);

        impl $name {
            /// The roles this guard admits.
            pub const ROLES: &'static [Role] = &[$(Role::$role),+];
        }

        impl std::ops::Deref for $name {
            type Target = AuthUser;
            fn deref(&self) -> &AuthUser {
                &self.0
            }
        }

        impl FromRequest for $name {
            type Error = ApiError;
            type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

            fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
                let user = AuthUser::from_request(req, payload);
                Box::pin(async move {
                    let user = user.await?;
                    if Self::ROLES.contains(&user.role) { Ok(Self(user)) } else { Err(ApiError::Forbidden) }
                })
            }
        }
    };
}

guard!(
    /// Administrators: centers, users, the audit chain.
    AdminUser: Admin
);
guard!(
    /// Data entry for one center: the only role that creates or edits clinical data.
    CenterUser: Center
);
guard!(
    /// Patient-level readers: a center user (own center) or a coordinator (all centers,
    /// pseudonymous: no local patient reference).
    ClinicalReader: Center | Coordinator
);
guard!(
    /// Coordinators: reports, data queries, audit trail.
    CoordinatorUser: Coordinator
);
guard!(
    /// Readers of the audit trail.
    AuditReader: Coordinator | Admin
);
guard!(
    /// Researchers: anonymised releases and aggregate analyses.
    ResearcherUser: Researcher
);
guard!(
    /// Aggregate analyses: researchers and coordinators.
    AnalysisReader: Researcher | Coordinator
);
guard!(
    /// Report readers: coordinators (all centers) and center users (their own center).
    ReportReader: Coordinator | Center
);
guard!(
    /// Readers of release jobs: researchers (their own) and admins (all).
    ReleaseReader: Researcher | Admin
);
guard!(
    /// Readers of the coordinator reports: coordinators and administrators (every center) and
    /// center users (their own center).
    ReportViewer: Coordinator | Admin | Center
);
