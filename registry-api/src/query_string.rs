//! Query strings read with the name of every bad parameter: `?limit=1e3` answers a 400 problem
//! document whose `errors` name `limit`, as an unknown parameter names itself, where actix's
//! `web::Query` says only "invalid digit found in string".

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use registry_core::FieldError;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A query string parsed as `T` (a struct with `#[serde(deny_unknown_fields)]`); a parameter
/// `T` does not have, or a value it cannot read, is a 400 naming the parameter.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T> ApiQuery<T> {
    /// The parsed parameters.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Parses `query` (without the `?`) as `T`, naming the first parameter that does not fit.
pub fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
        let inner = e.inner().to_string();
        let path = e.path().to_string();
        let (field, message) = if let Some(name) = quoted_after(&inner, "unknown field `") {
            (
                name.to_owned(),
                "not a parameter of this operation".to_owned(),
            )
        } else if let Some(name) = quoted_after(&inner, "missing field `") {
            (name.to_owned(), "this parameter is required".to_owned())
        } else if path.is_empty() || path == "." {
            (String::new(), inner.clone())
        } else {
            (path, format!("not a value of this parameter: {inner}"))
        };
        ApiError::BadRequest {
            detail: if field.is_empty() {
                format!("the query string does not fit: {inner}")
            } else {
                format!("the query parameter `{field}` does not fit: {message}")
            },
            errors: vec![FieldError::new(field, message)],
        }
    })
}

/// The text between `prefix` and the next backtick of `message`.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.split_once(prefix)?.1;
    rest.split_once('`').map(|(name, _)| name)
}

impl<T: DeserializeOwned> FromRequest for ApiQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(ApiQuery))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Q {
        limit: Option<i64>,
        center: Option<String>,
    }

    fn field_of(query: &str) -> String {
        match parse_query::<Q>(query) {
            Err(ApiError::BadRequest { errors, .. }) => errors[0].field.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_value_or_an_unknown_parameter_is_named() {
        assert_eq!(field_of("limit=1e3"), "limit");
        assert_eq!(field_of("center=AAA&limit=x"), "limit");
        assert_eq!(field_of("limit2=3"), "limit2");
        assert!(parse_query::<Q>("limit=3&center=A%20B").is_ok());
        assert!(parse_query::<Q>("").is_ok());
    }
}
