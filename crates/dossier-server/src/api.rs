//! The router and the request handlers.
//!
//! Handlers do their store and log work on Tokio's blocking pool: SQLite and the file system
//! block, and a slow query must not stall the threads that accept connections. Each blocking
//! thread keeps its own read connection (SQLite connections are not shared across threads);
//! the one write connection sits behind a mutex, because the store takes one writer at a time.

use crate::assets;
use crate::error::ApiError;
use crate::ingest::{self, Upload};
use crate::{STORE_FILE, ServerConfig, openapi};
use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use dossier_gazetteer::Gazetteer;
use dossier_ingest::Format;
use dossier_model::Stance;
use dossier_store::{ClaimHit, Query as StoreQuery, Store};
use serde::Deserialize;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;

/// The Content-Security-Policy on every response: only the page's own scripts, styles and
/// requests; no plugins, no framing, no inline script. Stored text cannot run even if some
/// future change rendered it as HTML by mistake.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Claims per page when the client does not say (as in `dossier search`), and at most.
/// The cost of a page grows with its claims, so the default stays small.
const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 1000;

/// Shared by every request.
pub struct AppState {
    home: PathBuf,
    db_path: PathBuf,
    token: Option<String>,
    max_body_bytes: usize,
    request_timeout: Duration,
    writer: Mutex<Store>,
    overview: Mutex<Option<Arc<Overview>>>,
    /// Whether a background refresh of `overview` is running.
    refreshing: AtomicBool,
}

impl AppState {
    pub fn new(config: ServerConfig, writer: Store) -> AppState {
        AppState {
            db_path: config.home.join(STORE_FILE),
            home: config.home,
            token: config.token.filter(|t| !t.is_empty()),
            max_body_bytes: config.max_body_bytes,
            request_timeout: config.request_timeout,
            writer: Mutex::new(writer),
            overview: Mutex::new(None),
            refreshing: AtomicBool::new(false),
        }
    }
}

pub type Shared = Arc<AppState>;

struct Route {
    method: &'static str,
    path: &'static str,
    handler: MethodRouter<Shared>,
}

fn route(method: &'static str, path: &'static str, handler: MethodRouter<Shared>) -> Route {
    Route {
        method,
        path,
        handler,
    }
}

/// The one list the router is built from, so that [`route_table`] (and the OpenAPI test)
/// cannot drift from what is served.
fn table() -> Vec<Route> {
    vec![
        route("GET", "/", get(assets::index)),
        route("GET", "/assets/{*file}", get(assets::asset)),
        route("GET", "/api/claims", get(claims)),
        route("GET", "/api/documents", get(documents)),
        route("POST", "/api/documents", post(upload)),
        route("GET", "/api/documents/{id}", get(document)),
        route("GET", "/api/entities", get(entities)),
        route("GET", "/api/places", get(places)),
        route("GET", "/api/timeline", get(timeline)),
        route("GET", "/api/status", get(status)),
        route("GET", "/api/log/checkpoint", get(log_checkpoint_json)),
        route("GET", "/api/archive/{index}/proof", get(proof)),
        route("GET", "/api/openapi.json", get(openapi_json)),
        route("GET", "/log/checkpoint", get(static_checkpoint)),
        route("GET", "/log/tile/{*path}", get(static_tile)),
    ]
}

pub fn route_table() -> Vec<(&'static str, &'static str)> {
    table().into_iter().map(|r| (r.method, r.path)).collect()
}

pub fn router(state: Shared) -> Router {
    let mut paths: BTreeMap<&'static str, MethodRouter<Shared>> = BTreeMap::new();
    for r in table() {
        let merged = match paths.remove(r.path) {
            Some(existing) => existing.merge(r.handler),
            None => r.handler,
        };
        paths.insert(r.path, merged);
    }
    let mut router = Router::new();
    for (path, handler) in paths {
        router = router.route(path, handler);
    }
    router
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(state.max_body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), deadline))
        .layer(middleware::from_fn(json_errors))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

// ---- middleware -------------------------------------------------------------------------

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

async fn deadline(State(state): State<Shared>, req: Request, next: Next) -> Response {
    let limit = state.request_timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!("the request took longer than {} s", limit.as_secs_f64()),
        )
        .into_response(),
    }
}

/// Turns error answers that axum produces itself (405, 413 from a body limit, ...) into the
/// same JSON shape as the handlers' errors.
async fn json_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "this method is not allowed on this path".to_string(),
        StatusCode::PAYLOAD_TOO_LARGE => "the request body is too large".to_string(),
        _ => {
            let bytes = axum::body::to_bytes(res.into_body(), 64 * 1024)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).trim().to_string();
            if text.is_empty() {
                status.canonical_reason().unwrap_or("error").to_string()
            } else {
                text
            }
        }
    };
    ApiError::new(status, message).into_response()
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("internal error while handling the request (a bug; please report it)")
        .into_response()
}

async fn not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}

// ---- store access -----------------------------------------------------------------------

thread_local! {
    /// This blocking thread's read connection, and the database it belongs to.
    static READER: RefCell<Option<(PathBuf, Store)>> = const { RefCell::new(None) };
}

/// Runs `f` with a read connection on the blocking pool.
async fn read<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&Store, &Shared) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    blocking(move || {
        READER.with(|cell| {
            let mut slot = cell.borrow_mut();
            if !matches!(&*slot, Some((p, _)) if *p == state.db_path) {
                *slot = Some((state.db_path.clone(), Store::open(&state.db_path)?));
            }
            let (_, store) = slot.as_ref().expect("the reader was just opened");
            f(store, &state)
        })
    })
    .await
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => Err(ApiError::internal(
            "internal error while handling the request (a bug; please report it)",
        )),
        Err(_) => Err(ApiError::internal("the request was cancelled")),
    }
}

// ---- claims -----------------------------------------------------------------------------

/// The claim filters, shared by `/api/claims` and `/api/places`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Filters {
    q: Option<String>,
    speaker: Option<String>,
    /// Place names or GeoNames ids, comma-separated.
    place: Option<String>,
    /// Stances, comma-separated.
    stance: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Filters {
    fn is_unfiltered(&self) -> bool {
        [
            &self.q,
            &self.speaker,
            &self.place,
            &self.stance,
            &self.since,
            &self.until,
        ]
        .iter()
        .all(|f| non_empty(f).is_none())
    }

    fn to_query(&self, store: &Store) -> Result<StoreQuery, ApiError> {
        let places = match non_empty(&self.place) {
            None => None,
            Some(list) => {
                let gazetteer = Gazetteer::embedded();
                let mut ids: Vec<u32> = Vec::new();
                for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    if let Ok(id) = name.parse::<u32>() {
                        ids.push(id);
                        continue;
                    }
                    ids.extend(gazetteer.lookup(name).iter().map(|p| p.geonameid));
                    ids.extend(store.places_named(name)?);
                }
                ids.sort_unstable();
                ids.dedup();
                Some(ids)
            }
        };
        let mut stances = Vec::new();
        if let Some(list) = non_empty(&self.stance) {
            for s in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                stances.push(parse_stance(s)?);
            }
        }
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}, got {limit}"
            )));
        }
        Ok(StoreQuery {
            text: non_empty(&self.q),
            speaker: non_empty(&self.speaker),
            places,
            stances,
            since: non_empty(&self.since),
            until: non_empty(&self.until),
            limit: Some(limit),
            offset: self.offset.unwrap_or(0),
        })
    }
}

fn parse_stance(s: &str) -> Result<Stance, ApiError> {
    serde_json::from_value(Value::String(s.to_ascii_lowercase())).map_err(|_| {
        ApiError::bad_request(format!(
            "unknown stance {s:?} (asserted, hedged, unverified, disputed, refuted)"
        ))
    })
}

fn query_params<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))
}

async fn claims(
    State(state): State<Shared>,
    q: Result<Query<Filters>, QueryRejection>,
) -> Result<Json<ClaimPage>, ApiError> {
    let filters = query_params(q)?;
    read(&state, move |store, _| {
        let mut query = filters.to_query(store)?;
        let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
        // One more than asked tells whether there is a next page without counting them all.
        query.limit = Some(limit + 1);
        let mut hits: Vec<ClaimHit> = store.search(&query)?;
        let more = hits.len() > limit;
        hits.truncate(limit);
        Ok(Json(ClaimPage {
            claims: hits,
            offset: query.offset,
            limit,
            next_offset: more.then_some(query.offset + limit),
        }))
    })
    .await
}

/// A page of `/api/claims`, serialised straight to the body (no intermediate JSON tree: this
/// is the hottest route).
#[derive(serde::Serialize)]
struct ClaimPage {
    claims: Vec<ClaimHit>,
    offset: usize,
    limit: usize,
    next_offset: Option<usize>,
}

// ---- documents --------------------------------------------------------------------------

async fn document(
    State(state): State<Shared>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(e.body_text()))?;
    read(&state, move |store, _| {
        let doc = store.document(&id)?;
        Ok(Json(
            json!({ "record": doc.record, "provenance": doc.provenance }),
        ))
    })
    .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Page {
    limit: Option<usize>,
    offset: Option<usize>,
}

impl Page {
    fn apply<T: Clone>(&self, items: &[T], default: usize) -> Result<(Vec<T>, Value), ApiError> {
        let limit = self.limit.unwrap_or(default);
        if limit == 0 || limit > 10 * MAX_LIMIT {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {}, got {limit}",
                10 * MAX_LIMIT
            )));
        }
        let offset = self.offset.unwrap_or(0).min(items.len());
        let end = offset.saturating_add(limit).min(items.len());
        let next = (end < items.len()).then_some(end);
        Ok((
            items[offset..end].to_vec(),
            json!({"offset": offset, "limit": limit, "next_offset": next, "total": items.len()}),
        ))
    }
}

async fn documents(
    State(state): State<Shared>,
    q: Result<Query<Page>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let page = query_params(q)?;
    let overview = overview(&state).await?;
    let (items, mut meta) = page.apply(&overview.documents, 1000)?;
    meta["documents"] = Value::Array(items);
    Ok(Json(meta))
}

async fn entities(
    State(state): State<Shared>,
    q: Result<Query<Page>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let page = query_params(q)?;
    let overview = overview(&state).await?;
    let (items, mut meta) = page.apply(&overview.entities, 1000)?;
    meta["entities"] = Value::Array(items);
    Ok(Json(meta))
}

async fn timeline(State(state): State<Shared>) -> Result<Json<Value>, ApiError> {
    let overview = overview(&state).await?;
    Ok(Json(json!({ "days": overview.timeline })))
}

async fn places(
    State(state): State<Shared>,
    q: Result<Query<Filters>, QueryRejection>,
) -> Result<Response, ApiError> {
    let filters = query_params(q)?;
    if filters.limit.is_some() || filters.offset.is_some() {
        return Err(ApiError::bad_request(
            "/api/places takes no limit or offset: it answers every place",
        ));
    }
    if filters.is_unfiltered() {
        let overview = overview(&state).await?;
        return Ok(geojson(&overview.places));
    }
    let collection = read(&state, move |store, _| {
        let mut query = filters.to_query(store)?;
        query.limit = None;
        let mut places: BTreeMap<u32, PlaceCount> = BTreeMap::new();
        store.for_each_claim(&query, |hit| {
            for p in &hit.places {
                let entry = places
                    .entry(p.geonameid)
                    .or_insert_with(|| PlaceCount::new(p.name.clone(), p.lat, p.lon));
                entry.claims += 1;
                entry.documents.insert(hit.document.id.clone());
            }
            Ok(())
        })?;
        Ok(feature_collection(places))
    })
    .await?;
    Ok(geojson(&collection))
}

fn geojson(v: &Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/geo+json")],
        serde_json::to_string(v).unwrap_or_else(|_| "{}".into()),
    )
        .into_response()
}

async fn status(State(state): State<Shared>) -> Result<Json<Value>, ApiError> {
    read(&state, |store, state| {
        let status = store.status()?;
        let log_size = dossier_ledger::LedgerReader::open(&state.home)
            .map(|r| r.size())
            .unwrap_or(0);
        let mut v = serde_json::to_value(status)
            .map_err(|e| ApiError::internal(format!("serialising the status: {e}")))?;
        v["log_size"] = json!(log_size);
        v["writes_enabled"] = json!(state.token.is_some());
        Ok(Json(v))
    })
    .await
}

// ---- the overview: documents, entities, places, timeline ---------------------------------

/// Aggregates over the whole store, computed once and reused until the store changes.
struct Overview {
    /// The state of the database files it was computed from ([`store_stamp`]).
    stamp: Stamp,
    /// How long computing it took.
    took: Duration,
    documents: Vec<Value>,
    entities: Vec<Value>,
    places: Value,
    timeline: Vec<Value>,
}

struct PlaceCount {
    name: String,
    lat: f64,
    lon: f64,
    country: Option<String>,
    feature: Option<String>,
    mentions: u64,
    claims: u64,
    documents: std::collections::BTreeSet<String>,
}

impl PlaceCount {
    fn new(name: String, lat: f64, lon: f64) -> PlaceCount {
        PlaceCount {
            name,
            lat,
            lon,
            country: None,
            feature: None,
            mentions: 0,
            claims: 0,
            documents: Default::default(),
        }
    }
}

fn feature_collection(places: BTreeMap<u32, PlaceCount>) -> Value {
    let features: Vec<Value> = places
        .into_iter()
        .map(|(id, p)| {
            json!({
                "type": "Feature",
                "id": id,
                "geometry": { "type": "Point", "coordinates": [p.lon, p.lat] },
                "properties": {
                    "geonameid": id,
                    "name": p.name,
                    "country": p.country,
                    "feature": p.feature,
                    "claim_count": p.claims,
                    "document_count": p.documents.len(),
                    "mention_count": p.mentions,
                }
            })
        })
        .collect();
    json!({ "type": "FeatureCollection", "features": features })
}

/// An overview that took longer than this to compute is refreshed in the background when
/// the store changes, and the previous one is served meanwhile: on a large store the map and
/// lists stay fast while `dossier ingest` (or an upload) keeps writing. Below it, every answer
/// is up to date.
const SYNC_REFRESH_LIMIT: Duration = Duration::from_secs(1);

async fn overview(state: &Shared) -> Result<Arc<Overview>, ApiError> {
    read(state, |store, state| {
        let stamp = store_stamp(&state.db_path);
        let cached = state
            .overview
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        match cached {
            Some(o) if o.stamp == stamp => Ok(o),
            Some(o) if o.took > SYNC_REFRESH_LIMIT => {
                refresh_overview_in_background(state.clone());
                Ok(o)
            }
            _ => {
                let fresh = Arc::new(compute_overview(store, stamp)?);
                *state.overview.lock().unwrap_or_else(|p| p.into_inner()) = Some(fresh.clone());
                Ok(fresh)
            }
        }
    })
    .await
}

/// Recomputes the overview on a thread of its own (with its own connection), unless a
/// refresh is already running. Also called at start-up, so the first visitor of a large
/// store does not wait for it.
pub fn refresh_overview_in_background(state: Shared) {
    if state.refreshing.swap(true, Ordering::SeqCst) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("dossier-overview".into())
        .spawn({
            let state = state.clone();
            move || {
                // Taken before reading, so a write during the computation marks the result
                // stale and triggers another refresh.
                let stamp = store_stamp(&state.db_path);
                if let Ok(store) = Store::open(&state.db_path)
                    && let Ok(fresh) = compute_overview(&store, stamp)
                {
                    *state.overview.lock().unwrap_or_else(|p| p.into_inner()) =
                        Some(Arc::new(fresh));
                }
                state.refreshing.store(false, Ordering::SeqCst);
            }
        });
    if spawned.is_err() {
        state.refreshing.store(false, Ordering::SeqCst);
    }
}

/// An entity across documents: (type, name).
type EntityKey = (String, String);
/// (documents, mentions, geonameid).
type EntityCount = (u64, u64, Option<u32>);

/// Sizes and modification times of the database and its write-ahead log.
type Stamp = [(u64, u128); 2];

/// A cheap change detector for the store: every commit (by this server or by a `dossier
/// ingest` beside it) writes the WAL file, which changes its size or modification time.
/// Counting rows instead would cost tens of milliseconds per request on a large store.
fn store_stamp(db_path: &std::path::Path) -> Stamp {
    let stat = |p: &std::path::Path| {
        std::fs::metadata(p)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                (m.len(), modified)
            })
            .unwrap_or((0, 0))
    };
    let mut wal = db_path.as_os_str().to_owned();
    wal.push("-wal");
    [stat(db_path), stat(std::path::Path::new(&wal))]
}

fn compute_overview(store: &Store, stamp: Stamp) -> Result<Overview, ApiError> {
    let started = std::time::Instant::now();
    let mut documents: Vec<Value> = Vec::new();
    let mut entities: HashMap<EntityKey, EntityCount> = HashMap::new();
    let mut places: BTreeMap<u32, PlaceCount> = BTreeMap::new();
    let mut days: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    store.for_each_document(|record, provenance| {
        let source = record.document.source.as_ref();
        let published = source.and_then(|s| s.published.clone());
        documents.push(json!({
            "id": record.document.id,
            "title": record.document.title,
            "published": published,
            "site": source.and_then(|s| s.site_name.clone()),
            "url": source.and_then(|s| s.url.clone()),
            "claims": record.claims.len(),
            "log_index": provenance.log_index,
        }));
        if let Some(day) = published.as_deref().and_then(|p| p.get(..10)) {
            let d = days.entry(day.to_string()).or_default();
            d.0 += 1;
            d.1 += record.claims.len() as u64;
        }
        for e in &record.entities {
            let key = (e.entity_type.as_str().to_string(), e.name.clone());
            let entry =
                entities
                    .entry(key)
                    .or_insert((0, 0, e.place.as_ref().map(|p| p.geonameid)));
            entry.0 += 1;
            entry.1 += e.mentions.len() as u64;
            if let Some(p) = &e.place {
                let place = places
                    .entry(p.geonameid)
                    .or_insert_with(|| PlaceCount::new(e.name.clone(), p.lat, p.lon));
                place.country = Some(p.country.clone());
                place.feature = Some(p.feature.clone());
                place.mentions += e.mentions.len() as u64;
                place.documents.insert(record.document.id.clone());
            }
        }
        Ok(())
    })?;
    // From the claim–place index (milliseconds), not by walking every claim (seconds). A
    // place a claim is about is always an entity of its document, so it is already listed.
    for (geonameid, claims) in store.place_claim_counts()? {
        if let Some(place) = places.get_mut(&geonameid) {
            place.claims = claims;
        }
    }
    // Newest first; undated documents last.
    documents.sort_by(|a, b| {
        let key = |v: &Value| v["published"].as_str().map(str::to_string);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    let mut entities: Vec<(EntityKey, EntityCount)> = entities.into_iter().collect();
    entities.sort_by(|a, b| {
        (b.1.0, b.1.1)
            .cmp(&(a.1.0, a.1.1))
            .then_with(|| a.0.cmp(&b.0))
    });
    let entities = entities
        .into_iter()
        .map(|((kind, name), (docs, mentions, geonameid))| {
            json!({"type": kind, "name": name, "documents": docs, "mentions": mentions,
                   "geonameid": geonameid})
        })
        .collect();
    let timeline = days
        .into_iter()
        .map(|(day, (docs, claims))| json!({"date": day, "documents": docs, "claims": claims}))
        .collect();
    Ok(Overview {
        stamp,
        took: started.elapsed(),
        documents,
        entities,
        places: feature_collection(places),
        timeline,
    })
}

// ---- uploads ----------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UploadParams {
    /// The file name to record (and to detect the format from).
    name: Option<String>,
    /// Where the report was found.
    url: Option<String>,
}

/// Compares without an early exit, so response time does not reveal how much of a guessed
/// token was right.
fn same_token(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, e) in expected.iter().enumerate() {
        diff |= usize::from(given.get(i).copied().unwrap_or(0) ^ e);
    }
    diff == 0
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(expected) = &state.token else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writes are disabled: start the server with DOSSIER_API_TOKEN or --token-file",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(t) if same_token(t.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "the bearer token is not the server's",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writes need an Authorization: Bearer <token> header",
        )),
    }
}

async fn upload(
    State(state): State<Shared>,
    q: Result<Query<UploadParams>, QueryRejection>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, ApiError> {
    // Authorise before reading the body: an unauthenticated client costs no upload.
    authorize(&state, &headers)?;
    let params = query_params(q)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let upload = match essence.as_str() {
        "multipart/form-data" => {
            let multipart = Multipart::from_request(req, &())
                .await
                .map_err(|e| ApiError::new(e.status(), e.body_text()))?;
            read_multipart(multipart, &params).await?
        }
        _ => {
            let bytes = Bytes::from_request(req, &())
                .await
                .map_err(|e| ApiError::new(e.status(), e.body_text()))?;
            let (format, default_name) = match essence.as_str() {
                "text/plain" => (Some(Format::Text), "upload.txt"),
                "text/html" | "application/xhtml+xml" => (Some(Format::Html), "upload.html"),
                _ => (None, "upload"),
            };
            Upload {
                name: params.name.clone().unwrap_or_else(|| default_name.into()),
                media_type: (!essence.is_empty()).then_some(essence.clone()),
                format,
                url: params.url.clone(),
                bytes: bytes.to_vec(),
            }
        }
    };
    let tool = format!(
        "dossier-server {} POST /api/documents",
        env!("CARGO_PKG_VERSION")
    );
    let (report, first) = blocking({
        let state = state.clone();
        move || {
            let mut store = state.writer.lock().unwrap_or_else(|p| p.into_inner());
            let report = ingest::ingest(&state.home, &mut store, &upload, &tool)?;
            let first = match report.documents.first() {
                Some(d) => Some(store.document(&d.id)?),
                None => None,
            };
            Ok((report, first))
        }
    })
    .await?;
    let status = if report.created_any() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let document = first.map(|d| json!({"record": d.record, "provenance": d.provenance}));
    let mut body = serde_json::to_value(&report)
        .map_err(|e| ApiError::internal(format!("serialising the report: {e}")))?;
    body["document"] = document.unwrap_or(Value::Null);
    let mut res = (status, Json(body)).into_response();
    if let Some(id) = report.documents.first().map(|d| d.id.clone())
        && let Ok(v) = HeaderValue::from_str(&format!("/api/documents/{id}"))
    {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

async fn read_multipart(
    mut multipart: Multipart,
    params: &UploadParams,
) -> Result<Upload, ApiError> {
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::new(e.status(), e.body_text()))?
    {
        // The first field that carries a file (or is called "file") is the upload.
        let is_file = field.file_name().is_some() || field.name() == Some("file");
        if !is_file {
            continue;
        }
        let name = params
            .name
            .clone()
            .or_else(|| field.file_name().map(str::to_string))
            .unwrap_or_else(|| "upload".into());
        let media_type = field.content_type().map(str::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| ApiError::new(e.status(), e.body_text()))?;
        return Ok(Upload {
            name,
            media_type,
            format: None,
            url: params.url.clone(),
            bytes: bytes.to_vec(),
        });
    }
    Err(ApiError::bad_request(
        "the multipart form has no file field (send the report as a field named \"file\")",
    ))
}

// ---- the log ----------------------------------------------------------------------------

fn log_is_empty() -> ApiError {
    ApiError::not_found("the log is empty: nothing has been archived yet")
}

async fn log_checkpoint_json(State(state): State<Shared>) -> Result<Json<Value>, ApiError> {
    blocking(move || {
        if !state.home.join("log").join("checkpoint").exists() {
            return Err(log_is_empty());
        }
        let reader = dossier_ledger::LedgerReader::open(&state.home)?;
        let cp = reader.checkpoint();
        Ok(Json(json!({
            "origin": cp.origin,
            "size": cp.size,
            "root_hash": base64(&cp.root),
            "note": reader.checkpoint_note(),
            "verifier_key": reader.verifier().to_vkey(),
        })))
    })
    .await
}

async fn proof(
    State(state): State<Shared>,
    index: Result<Path<u64>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(index) = index.map_err(|e| {
        ApiError::bad_request(format!(
            "the archive index must be a whole number: {}",
            e.body_text()
        ))
    })?;
    let text = blocking(move || {
        if !state.home.join("log").join("checkpoint").exists() {
            return Err(log_is_empty());
        }
        let reader = dossier_ledger::LedgerReader::open(&state.home)?;
        Ok(reader.proof(index)?)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

async fn static_checkpoint(State(state): State<Shared>) -> Result<Response, ApiError> {
    let path = state.home.join("log").join("checkpoint");
    let bytes = tokio::fs::read(&path).await.map_err(|_| log_is_empty())?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        bytes,
    )
        .into_response())
}

/// Whether `path` (after `/log/tile/`) is a tlog-tiles path: `<L>/<N>[.p/<W>]` or
/// `entries/<N>[.p/<W>]`, with N in `x`-prefixed three-digit groups. Anything else — and
/// so any `..` — is refused before the file system is touched.
fn is_tile_path(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    if segments.len() < 2 || segments.len() > 12 {
        return false;
    }
    let first_ok = segments[0] == "entries"
        || (!segments[0].is_empty() && segments[0].bytes().all(|b| b.is_ascii_digit()));
    first_ok
        && segments[1..].iter().all(|s| {
            !s.is_empty()
                && s.len() <= 5
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'x' || b == b'.' || b == b'p')
                && !s.starts_with('.')
                && !s.contains("..")
        })
}

async fn static_tile(
    State(state): State<Shared>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(path) = path.map_err(|e| ApiError::bad_request(e.body_text()))?;
    if !is_tile_path(&path) {
        return Err(ApiError::not_found(format!("{path:?} is not a tile path")));
    }
    let file = state.home.join("log").join("tile").join(&path);
    let bytes = tokio::fs::read(&file)
        .await
        .map_err(|_| ApiError::not_found(format!("no tile {path}")))?;
    // Full tiles never change; partial tiles are replaced by fuller ones.
    let cache = if path.contains(".p/") {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, cache),
        ],
        Body::from(bytes),
    )
        .into_response())
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

async fn openapi_json() -> Json<Value> {
    Json(openapi::document())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_paths_are_checked() {
        assert!(is_tile_path("0/000"));
        assert!(is_tile_path("1/x001/234.p/17"));
        assert!(is_tile_path("entries/000.p/3"));
        assert!(!is_tile_path("../keys/log.key"));
        assert!(!is_tile_path("0/../../keys"));
        assert!(!is_tile_path("entries"));
        assert!(!is_tile_path("0/.."));
        assert!(!is_tile_path("0//000"));
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(same_token(b"secret", b"secret"));
        assert!(!same_token(b"secre", b"secret"));
        assert!(!same_token(b"secret2", b"secret"));
        assert!(!same_token(b"", b"secret"));
    }

    #[test]
    fn base64_matches_rfc4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
