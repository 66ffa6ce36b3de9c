//! Logs and metrics. Request logs carry method, route pattern, status, latency and the request
//! id; never a body, a query string or a header (patient data and tokens stay out of logs).

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{HttpMessage, web};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::{IntGauge, Opts};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

use crate::AppState;

/// Installs the global subscriber: JSON lines when `REGISTRY_LOG_JSON` is set, else plain text;
/// level from `RUST_LOG` (default `info`).
pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if std::env::var_os("REGISTRY_LOG_JSON").is_some() {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Request spans without the query string or user agent.
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
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            request_id = request_id.as_deref().unwrap_or(""),
            status = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        if let Ok(response) = outcome {
            span.record("status", response.status().as_u16());
        }
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
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
