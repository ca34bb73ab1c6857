//! `/api/v1/reports/service`: how the service desk is doing.

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use chrono::NaiveDate;
use crm_cases::report::{self, GroupBy, ServiceReport, ServiceReportQuery};

use crate::docs::ReportErrors;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Auth, ListParams};
use crate::state::AppState;

/// Reads the report's parameters, refusing unknown ones.
fn parse(params: &ListParams) -> ApiResult<ServiceReportQuery> {
    let mut query = ServiceReportQuery::default();
    let date = |name: &str, value: &str| {
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map_err(|_| ApiError::bad_request(format!("{name} must be a date such as 2026-12-01")))
    };
    for (name, value) in &params.0 {
        match name.as_str() {
            "group_by" => {
                query.group_by = Some(GroupBy::parse(value).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "group_by must be one of {}",
                        GroupBy::WORDS.join(", ")
                    ))
                })?);
            }
            "from" => query.from = Some(date("from", value)?),
            "to" => query.to = Some(date("to", value)?),
            other => {
                return Err(ApiError::bad_request(format!(
                    "{other} is not a parameter of the service report; use group_by, from, to"
                )));
            }
        }
    }
    Ok(query)
}

/// The service report
///
/// Over the cases the caller may read that were opened from `from` to `to` (the last 30 days by
/// default), grouped by CSR (`owner`), `queue`, `product`, `case_type` or period (`day`, `week`,
/// `month`): cases opened and resolved, the average minutes to first response and to
/// resolution (time on hold left out), the breaches of each target (an open case past its
/// deadline counts), the reactivations and the time spent.
#[utoipa::path(
    tag = "reports",
    params(ServiceReportQuery),
    responses((status = 200, description = "The report.", body = ServiceReport), ReportErrors),
    security(("bearer" = []))
)]
#[get("/reports/service")]
async fn service_report(
    state: Data<AppState>,
    auth: Auth,
    params: ListParams,
) -> ApiResult<HttpResponse> {
    let query = parse(&params)?;
    let report = state
        .run(auth, move |conn, ctx| {
            report::service_report(conn, ctx, &query)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Registers the routes.
pub fn configure<C: super::Routes>(cfg: &mut C) {
    cfg.service(service_report);
}
