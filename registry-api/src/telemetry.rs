//! Logs and metrics. Every request is one INFO line with method, route pattern, status, latency
//! and the request id; never a body, a query string, a raw path or a header (patient data and
//! tokens stay out of logs).

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{HttpMessage, web};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::{IntGauge, Opts};
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;

use crate::AppState;

/// Installs the global subscriber: JSON lines when `REGISTRY_LOG_JSON` is set, else plain text,
/// coloured only on a terminal ([`colours`]); level from `RUST_LOG` (default `info`).
pub fn init() {
    use std::io::IsTerminal;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colours(
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        ))
        .with_target(false);
    let _ = if std::env::var_os("REGISTRY_LOG_JSON").is_some() {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Whether log lines carry ANSI colour codes: only when they go to a terminal (the log's
/// standard output) and `NO_COLOR` is not set, so a file, a pipe or a journal gets plain text.
pub fn colours(stdout_is_terminal: bool, no_color: bool) -> bool {
    stdout_is_terminal && !no_color
}

/// When a request arrived, for its latency.
struct Arrived(std::time::Instant);

/// Request spans without the query string or user agent, and one INFO line per request when it
/// ends: `request{method=GET route=/api/v1/patients/{id} request_id=…}: request done status=200
/// latency_ms=3` — the route pattern, never the path with its ids, and no query value.
pub struct RequestSpans;

impl RootSpanBuilder for RequestSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string);
        request
            .extensions_mut()
            .insert(Arrived(std::time::Instant::now()));
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            request_id = request_id.as_deref().unwrap_or(""),
            status = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
        )
    }

    /// Records the status and logs the request's INFO line (status and latency, in the span
    /// naming method, route pattern and request id). A refused request (4xx) adds one DEBUG line
    /// naming the JSON paths of the bad fields — never a value, a message (messages may quote
    /// the value) or the error's `Debug` form — so a body never reaches the log. A 500's cause is
    /// logged where it is answered (`crate::error`).
    fn on_request_end<B: actix_web::body::MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        let (status, error, arrived) = match outcome {
            Ok(response) => (
                response.status(),
                response.response().error(),
                response
                    .request()
                    .extensions()
                    .get::<Arrived>()
                    .map(|a| a.0),
            ),
            Err(error) => (error.as_response_error().status_code(), Some(error), None),
        };
        span.record("status", status.as_u16());
        let latency_ms = arrived.map_or(0.0, |a| a.elapsed().as_secs_f64() * 1000.0);
        span.in_scope(|| {
            tracing::info!(
                status = status.as_u16(),
                latency_ms = format_args!("{latency_ms:.1}"),
                "request done"
            );
        });
        span.record(
            "otel.status_code",
            if status.is_server_error() {
                "ERROR"
            } else {
                "OK"
            },
        );
        if status.is_client_error() {
            let fields = error
                .and_then(|e| e.as_error::<crate::error::ApiError>())
                .map(refused_fields)
                .unwrap_or_default();
            span.in_scope(|| {
                tracing::debug!(status = status.as_u16(), fields = %fields, "request refused");
            });
        }
    }
}

/// The JSON paths of a refused request's bad fields, comma-separated.
fn refused_fields(error: &crate::error::ApiError) -> String {
    use crate::error::ApiError;
    let errors = match error {
        ApiError::Invalid(errors) | ApiError::BadRequest { errors, .. } => errors.as_slice(),
        _ => &[],
    };
    errors
        .iter()
        .map(|e| e.field.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `endpoint` label of every request that matched no route: one series for all of them, so
/// requests for made-up paths cannot grow the metrics (and the server's memory) without limit.
pub const UNMATCHED: &str = "unmatched";

/// Prometheus metrics at `/metrics`: request counts and latency histograms per route pattern
/// (`/api/v1/patients/{id}`, never the raw path; [`UNMATCHED`] for any path no route matches),
/// plus the database pool's size and idle connections (sampled at scrape). The label values are a
/// fixed set: route patterns, the standard methods ([`standard_methods_only`] answers any other
/// method before it is counted) and status codes.
pub fn metrics(
    state: &web::Data<AppState>,
) -> Result<PrometheusMetrics, Box<dyn std::error::Error>> {
    let prometheus = PrometheusMetricsBuilder::new("registry")
        .endpoint("/metrics")
        .mask_unmatched_patterns(UNMATCHED)
        .build()
        .map_err(|e| e.to_string())?;
    let size = PoolGauge::new(
        state.clone(),
        "registry_db_pool_connections",
        "connections open",
        false,
    )?;
    let idle = PoolGauge::new(
        state.clone(),
        "registry_db_pool_idle",
        "connections idle",
        true,
    )?;
    prometheus.registry.register(Box::new(size))?;
    prometheus.registry.register(Box::new(idle))?;
    Ok(prometheus)
}

/// Answers a request whose method is not one of HTTP's standard methods (`FOO /`, which HTTP
/// allows as an extension) with 405 before it reaches the metrics, whose `method` label would
/// otherwise take any value a client sends.
pub async fn standard_methods_only(
    request: ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    use actix_web::http::Method;
    const STANDARD: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    if STANDARD.contains(request.method()) {
        return Ok(next.call(request).await?.map_into_boxed_body());
    }
    let response =
        actix_web::ResponseError::error_response(&crate::error::ApiError::MethodNotAllowed);
    Ok(request.into_response(response))
}

/// Guards `/metrics` with the bearer token `REGISTRY_METRICS_TOKEN` when one is set (401 problem
/// document otherwise); without a token `/metrics` answers anyone who reaches the server, so
/// deployments either set one or keep the path off the proxy (docs/operations.md).
pub async fn metrics_token(
    request: ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let expected = request
        .app_data::<web::Data<AppState>>()
        .and_then(|s| s.settings.metrics_token.clone());
    let allowed = match expected {
        Some(token) if request.path() == "/metrics" => request
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), token.as_bytes())),
        _ => true,
    };
    if allowed {
        return Ok(next.call(request).await?.map_into_boxed_body());
    }
    let response = actix_web::ResponseError::error_response(&crate::error::ApiError::Unauthorized(
        "/metrics needs its bearer token",
    ));
    Ok(request.into_response(response))
}

/// Compares two byte strings in time that depends on their lengths only.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A gauge read from the pool when scraped.
struct PoolGauge {
    state: web::Data<AppState>,
    gauge: IntGauge,
    idle: bool,
}

impl PoolGauge {
    fn new(
        state: web::Data<AppState>,
        name: &str,
        help: &str,
        idle: bool,
    ) -> prometheus::Result<Self> {
        Ok(Self {
            state,
            gauge: IntGauge::with_opts(Opts::new(name, help))?,
            idle,
        })
    }
}

impl prometheus::core::Collector for PoolGauge {
    fn desc(&self) -> Vec<&prometheus::core::Desc> {
        self.gauge.desc()
    }

    fn collect(&self) -> Vec<prometheus::proto::MetricFamily> {
        let s = self.state.db.pool().state();
        self.gauge.set(i64::from(if self.idle {
            s.idle_connections
        } else {
            s.connections
        }));
        self.gauge.collect()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn colours_only_on_a_terminal_without_no_color() {
        assert!(super::colours(true, false));
        assert!(
            !super::colours(false, false),
            "a pipe or a file gets plain text"
        );
        assert!(!super::colours(true, true), "NO_COLOR is honoured");
    }
}
