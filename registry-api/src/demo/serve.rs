//! `serve --demo`: the default cohort into a database without demo data, and the logins.

use super::{Config, generate, has_demo_data, logins};
use crate::AppState;
use crate::error::ApiError;

/// `serve --demo`: loads the default cohort ([`Config::serve_default`]) into a database without
/// demo data, then the demo centers' logins; returns the logins to print (role, e-mail,
/// password).
pub async fn load(state: &AppState) -> Result<Vec<(String, String, String)>, ApiError> {
    load_with(state, &Config::serve_default()).await
}

/// [`load`] with another cohort.
pub async fn load_with(
    state: &AppState,
    config: &Config,
) -> Result<Vec<(String, String, String)>, ApiError> {
    let config = config.clone();
    state
        .db
        .run(move |conn| {
            if !has_demo_data(conn)? {
                let summary = generate(conn, &config, &mut |_, _| {})
                    .map_err(|e| ApiError::Internal(e.to_string()))?;
                tracing::info!(patients = summary.patients, digest = %summary.digest, "demo cohort loaded");
            }
            Ok(())
        })
        .await?;
    logins::load(state).await
}
