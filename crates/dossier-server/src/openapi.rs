//! The OpenAPI 3.1 description of everything the server answers, served at
//! `/api/openapi.json`.
//!
//! It is written by hand (a JSON value) rather than derived, so that it can say what the
//! types cannot: which filters combine, what a 401 means, where the proofs come from. A test
//! checks that its paths and methods are exactly [`crate::routes`].

use serde_json::{Value, json};

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
    })
}

fn json_response(description: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": schema } }
    })
}

fn query_param(name: &str, description: &str, schema: Value) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": schema })
}

fn filter_params() -> Vec<Value> {
    let text = json!({ "type": "string" });
    vec![
        query_param(
            "q",
            "Words that must all occur in the claim, its speakers or its document's title (case and accents folded; \"a phrase\" in quotes; word* for a prefix).",
            text.clone(),
        ),
        query_param(
            "speaker",
            "Words that must occur in a name or mention of the claim's speaker.",
            text.clone(),
        ),
        query_param(
            "place",
            "Place names in any spelling the gazetteer or the store knows (Izium, Izyum, Ізюм), or GeoNames ids; comma-separated, any of them.",
            text.clone(),
        ),
        query_param(
            "stance",
            "Stances, comma-separated: asserted, hedged, unverified, disputed, refuted.",
            text.clone(),
        ),
        query_param(
            "since",
            "Documents published on or after this date (YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339).",
            text.clone(),
        ),
        query_param(
            "until",
            "Documents published on or before this date (the whole day, month or year given).",
            text,
        ),
    ]
}

fn page_params(default: u64, max: u64) -> Vec<Value> {
    vec![
        query_param(
            "limit",
            &format!("At most this many items (default {default}, at most {max})."),
            json!({ "type": "integer", "minimum": 1, "maximum": max }),
        ),
        query_param(
            "offset",
            "Skip this many items first (use next_offset from the previous page).",
            json!({ "type": "integer", "minimum": 0 }),
        ),
    ]
}

/// The OpenAPI document.
pub fn document() -> Value {
    let mut claim_params = filter_params();
    claim_params.extend(page_params(20, 1000));
    let bad_request = error_response("A parameter is malformed; the message says which.");
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Dossier",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Claims, documents, entities and places extracted from conflict reporting, with the transparency log that preserves the sources. Reads are open; writes need a bearer token. Every error is JSON: {\"error\": {\"status\", \"message\"}}. Offsets are Unicode code points, end-exclusive.",
            "license": { "name": "Apache-2.0", "identifier": "Apache-2.0" }
        },
        "paths": {
            "/": { "get": {
                "summary": "The web page: claim board, document view, map and timeline.",
                "operationId": "page",
                "responses": { "200": { "description": "HTML", "content": { "text/html": {} } } }
            }},
            "/assets/{file}": { "get": {
                "summary": "The page's scripts and styles (names carry a content hash).",
                "operationId": "asset",
                "parameters": [{ "name": "file", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "The file." },
                    "404": error_response("No such asset.")
                }
            }},
            "/api/claims": { "get": {
                "summary": "Claims matching words and facets, best text matches first (newest documents first without words).",
                "operationId": "listClaims",
                "parameters": claim_params,
                "responses": {
                    "200": json_response("A page of claims.", json!({
                        "type": "object",
                        "required": ["claims", "offset", "limit", "next_offset"],
                        "properties": {
                            "claims": { "type": "array", "items": { "$ref": "#/components/schemas/ClaimHit" } },
                            "offset": { "type": "integer" },
                            "limit": { "type": "integer" },
                            "next_offset": { "type": ["integer", "null"], "description": "The offset of the next page; null on the last page." }
                        }
                    })),
                    "400": bad_request.clone()
                }
            }},
            "/api/documents": {
                "get": {
                    "summary": "Stored documents without their text, newest first.",
                    "operationId": "listDocuments",
                    "parameters": page_params(1000, 10000),
                    "responses": {
                        "200": json_response("A page of documents.", json!({
                            "type": "object",
                            "properties": {
                                "documents": { "type": "array", "items": { "$ref": "#/components/schemas/DocumentListItem" } },
                                "offset": { "type": "integer" }, "limit": { "type": "integer" },
                                "next_offset": { "type": ["integer", "null"] }, "total": { "type": "integer" }
                            }
                        })),
                        "400": bad_request.clone()
                    }
                },
                "post": {
                    "summary": "Ingest a report: archive its bytes in the log, extract, store.",
                    "description": "The body is the report as text/plain or text/html, any other file (format detected from ?name= and the bytes: feeds, WARC, WACZ, Telegram exports), or a multipart/form-data upload with a field named \"file\". Requires Authorization: Bearer <token>; without a token configured on the server, writes are disabled (401). Bytes the log already holds reuse their entry, so the same upload twice is logged once (both answers name the same log_index); items of a container are stored with paths like name#item=<guid>.",
                    "operationId": "ingestDocument",
                    "security": [{ "bearer": [] }],
                    "parameters": [
                        query_param("name", "The file name to record; it also guides format detection.", json!({ "type": "string" })),
                        query_param("url", "Where the report was found, kept as provenance.", json!({ "type": "string" }))
                    ],
                    "requestBody": {
                        "required": true,
                        "content": {
                            "text/plain": { "schema": { "type": "string" } },
                            "text/html": { "schema": { "type": "string" } },
                            "multipart/form-data": { "schema": { "type": "object", "properties": { "file": { "type": "string", "format": "binary" } }, "required": ["file"] } },
                            "application/octet-stream": { "schema": { "type": "string", "format": "binary" } }
                        }
                    },
                    "responses": {
                        "201": json_response("At least one new document; Location names the first.", json!({ "$ref": "#/components/schemas/IngestReport" })),
                        "200": json_response("Every document was already stored (same bytes).", json!({ "$ref": "#/components/schemas/IngestReport" })),
                        "400": error_response("The body is empty or cannot be read in its format."),
                        "401": error_response("No token, a wrong token, or writes disabled."),
                        "413": error_response("The body is over the server's size limit."),
                        "422": error_response("The upload holds no document with text."),
                        "503": error_response("Another process is writing the log; try again.")
                    }
                }
            },
            "/api/documents/{id}": { "get": {
                "summary": "One document: its dossier/document@1 record (text, claims, entities, hedges, events) and provenance.",
                "operationId": "getDocument",
                "parameters": [{ "name": "id", "in": "path", "required": true, "description": "The SHA-256 id or a unique prefix of at least 4 hex characters.", "schema": { "type": "string" } }],
                "responses": {
                    "200": json_response("The document.", json!({ "$ref": "#/components/schemas/StoredDocument" })),
                    "400": error_response("The id is malformed or the prefix is ambiguous."),
                    "404": error_response("No such document.")
                }
            }},
            "/api/entities": { "get": {
                "summary": "People, organisations, units and places across all documents, most frequent first.",
                "operationId": "listEntities",
                "parameters": page_params(1000, 10000),
                "responses": {
                    "200": json_response("A page of entities.", json!({
                        "type": "object",
                        "properties": {
                            "entities": { "type": "array", "items": { "type": "object", "properties": {
                                "type": { "type": "string" }, "name": { "type": "string" },
                                "documents": { "type": "integer" }, "mentions": { "type": "integer" },
                                "geonameid": { "type": ["integer", "null"] }
                            }}},
                            "offset": { "type": "integer" }, "limit": { "type": "integer" },
                            "next_offset": { "type": ["integer", "null"] }, "total": { "type": "integer" }
                        }
                    })),
                    "400": bad_request.clone()
                }
            }},
            "/api/places": { "get": {
                "summary": "Geocoded places as a GeoJSON FeatureCollection of Points with claim, document and mention counts; with filters, only places that matching claims are about.",
                "operationId": "listPlaces",
                "parameters": filter_params(),
                "responses": {
                    "200": { "description": "GeoJSON (RFC 7946).", "content": { "application/geo+json": { "schema": { "$ref": "#/components/schemas/PlaceCollection" } } } },
                    "400": bad_request.clone()
                }
            }},
            "/api/timeline": { "get": {
                "summary": "Documents and claims per publication day.",
                "operationId": "timeline",
                "responses": {
                    "200": json_response("Days in order.", json!({
                        "type": "object",
                        "properties": { "days": { "type": "array", "items": { "type": "object", "properties": {
                            "date": { "type": "string", "format": "date" },
                            "documents": { "type": "integer" }, "claims": { "type": "integer" }
                        }}}}
                    }))
                }
            }},
            "/api/status": { "get": {
                "summary": "Counts of stored documents, claims, entities, places, and the log size.",
                "operationId": "status",
                "responses": { "200": json_response("Counts.", json!({ "type": "object" })) }
            }},
            "/api/log/checkpoint": { "get": {
                "summary": "The log's current signed checkpoint, parsed, with the verifier key.",
                "operationId": "checkpoint",
                "responses": {
                    "200": json_response("The checkpoint.", json!({
                        "type": "object",
                        "properties": {
                            "origin": { "type": "string" }, "size": { "type": "integer" },
                            "root_hash": { "type": "string", "description": "base64" },
                            "note": { "type": "string", "description": "The signed note (C2SP signed-note)." },
                            "verifier_key": { "type": "string" }
                        }
                    })),
                    "404": error_response("Nothing has been archived yet.")
                }
            }},
            "/api/archive/{index}/proof": { "get": {
                "summary": "A c2sp.org/tlog-proof@v1 file proving that log entry {index} is in the log at the current checkpoint.",
                "operationId": "proof",
                "parameters": [{ "name": "index", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 0 } }],
                "responses": {
                    "200": { "description": "The proof.", "content": { "text/plain": { "schema": { "type": "string" } } } },
                    "400": error_response("The index is not a whole number."),
                    "404": error_response("No such entry, or the log is empty.")
                }
            }},
            "/api/openapi.json": { "get": {
                "summary": "This document.",
                "operationId": "openapi",
                "responses": { "200": json_response("OpenAPI 3.1.", json!({ "type": "object" })) }
            }},
            "/log/checkpoint": { "get": {
                "summary": "The log's checkpoint file as stored (C2SP tlog-tiles).",
                "operationId": "staticCheckpoint",
                "responses": {
                    "200": { "description": "The signed note.", "content": { "text/plain": {} } },
                    "404": error_response("Nothing has been archived yet.")
                }
            }},
            "/log/tile/{path}": { "get": {
                "summary": "A tile of the log as stored (C2SP tlog-tiles): tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]. {path} spans several segments.",
                "operationId": "staticTile",
                "parameters": [{ "name": "path", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "The tile bytes.", "content": { "application/octet-stream": {} } },
                    "404": error_response("No such tile, or not a tile path.")
                }
            }}
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": { "type": "object", "required": ["status", "message"], "properties": {
                        "status": { "type": "integer" }, "message": { "type": "string" }
                    }}}
                },
                "Span": { "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2, "description": "[start, end) in Unicode code points." },
                "TextRef": { "type": "object", "properties": { "text": { "type": "string" }, "span": { "$ref": "#/components/schemas/Span" } } },
                "DocumentSummary": { "type": "object", "properties": {
                    "id": { "type": "string" }, "title": { "type": ["string", "null"] }, "url": { "type": ["string", "null"] },
                    "published": { "type": ["string", "null"] }, "site": { "type": ["string", "null"] }, "log_index": { "type": ["integer", "null"] }
                }},
                "DocumentListItem": { "type": "object", "properties": {
                    "id": { "type": "string" }, "title": { "type": ["string", "null"] }, "url": { "type": ["string", "null"] },
                    "published": { "type": ["string", "null"] }, "site": { "type": ["string", "null"] },
                    "claims": { "type": "integer" }, "log_index": { "type": ["integer", "null"] }
                }},
                "Claim": { "type": "object", "description": "A claim of the dossier/document@1 schema (docs/schema/document@1.md).", "properties": {
                    "id": { "type": "string" }, "kind": { "type": "string", "enum": ["direct", "indirect", "mixed"] },
                    "speaker": { "type": ["object", "null"] }, "sources": { "type": "array" },
                    "cue": { "oneOf": [{ "$ref": "#/components/schemas/TextRef" }, { "type": "null" }] },
                    "content": { "type": "object", "properties": { "text": { "type": "string" }, "span": { "$ref": "#/components/schemas/Span" } } },
                    "stance": { "type": "string", "enum": ["asserted", "hedged", "unverified", "disputed", "refuted"] },
                    "hedges": { "type": "array", "items": { "type": "string" } }, "rule": { "type": "string" }
                }},
                "ClaimHit": { "type": "object", "properties": {
                    "document": { "$ref": "#/components/schemas/DocumentSummary" },
                    "claim": { "$ref": "#/components/schemas/Claim" },
                    "hedges": { "type": "array", "items": { "type": "object" } },
                    "places": { "type": "array", "items": { "type": "object", "properties": {
                        "geonameid": { "type": "integer" }, "name": { "type": "string" }, "lat": { "type": "number" }, "lon": { "type": "number" }
                    }}},
                    "speaker_type": { "type": ["string", "null"] }
                }},
                "StoredDocument": { "type": "object", "properties": {
                    "record": { "type": "object", "description": "The dossier/document@1 record." },
                    "provenance": { "type": "object", "properties": {
                        "log_index": { "type": ["integer", "null"] }, "blob_sha256": { "type": ["string", "null"] },
                        "ingested_at": { "type": "string" }, "tool": { "type": ["string", "null"] },
                        "version_of": { "type": ["string", "null"] }, "later_versions": { "type": "array", "items": { "type": "string" } }
                    }}
                }},
                "IngestReport": { "type": "object", "properties": {
                    "log_index": { "type": "integer" }, "sha256": { "type": "string" },
                    "documents": { "type": "array", "items": { "type": "object", "properties": {
                        "id": { "type": "string" }, "outcome": { "type": "string", "enum": ["inserted", "duplicate", "new_version"] },
                        "version_of": { "type": "string" }, "title": { "type": ["string", "null"] }, "claims": { "type": "integer" }
                    }}},
                    "document": { "$ref": "#/components/schemas/StoredDocument" }
                }},
                "PlaceCollection": { "type": "object", "properties": {
                    "type": { "const": "FeatureCollection" },
                    "features": { "type": "array", "items": { "type": "object", "properties": {
                        "type": { "const": "Feature" }, "id": { "type": "integer" },
                        "geometry": { "type": "object", "properties": { "type": { "const": "Point" }, "coordinates": { "type": "array", "items": { "type": "number" } } } },
                        "properties": { "type": "object", "properties": {
                            "geonameid": { "type": "integer" }, "name": { "type": "string" },
                            "country": { "type": ["string", "null"] }, "feature": { "type": ["string", "null"] },
                            "claim_count": { "type": "integer" }, "document_count": { "type": "integer" }, "mention_count": { "type": "integer" }
                        }}
                    }}}
                }}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The router's `{*rest}` wildcard is `{rest}` in OpenAPI.
    fn openapi_path(router_path: &str) -> String {
        router_path.replace("{*", "{")
    }

    #[test]
    fn every_route_is_described_and_nothing_else() {
        let doc = document();
        let paths = doc["paths"].as_object().expect("paths is an object");
        let routes = crate::routes();
        for (method, path) in &routes {
            let op = &paths
                .get(&openapi_path(path))
                .unwrap_or_else(|| panic!("{path} is served but not in the OpenAPI document"))
                [method.to_ascii_lowercase()];
            assert!(op.is_object(), "{method} {path} is not described");
            assert!(
                op["responses"].is_object(),
                "{method} {path} has no responses"
            );
        }
        for (path, item) in paths {
            for method in item.as_object().expect("a path item is an object").keys() {
                assert!(
                    routes
                        .iter()
                        .any(|(m, p)| openapi_path(p) == *path && m.eq_ignore_ascii_case(method)),
                    "{method} {path} is described but not served"
                );
            }
        }
    }

    #[test]
    fn operation_ids_are_unique() {
        let doc = document();
        let mut ids = Vec::new();
        for item in doc["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                ids.push(op["operationId"].as_str().expect("operationId").to_string());
            }
        }
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate operationId");
    }
}
