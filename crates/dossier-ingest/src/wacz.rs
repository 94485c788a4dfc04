//! WACZ packages: a zip holding WARCs under `archive/`, indexes, optional
//! `pages/pages.jsonl`, and a `datapackage.json` (Frictionless Data, profile
//! `data-package`) that lists every resource with its SHA-256.
//!
//! Every listed resource is hashed and compared before any document is handed over, so a
//! package that was altered yields an error and no documents. The WARCs are then read as
//! [`crate::warc`] reads them, each record located by its member path.

use std::io::{self, Read, Seek};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::{IngestError, Location};
use crate::{Format, Sink, warc};

/// `datapackage.json` is a small index; anything bigger is not one.
const MAX_DATAPACKAGE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Deserialize)]
struct DataPackage {
    profile: Option<String>,
    #[serde(default)]
    resources: Vec<Resource>,
}

#[derive(Deserialize)]
struct Resource {
    path: String,
    hash: Option<String>,
}

pub(crate) fn read<R: Read + Seek>(
    name: &str,
    input: R,
    sink: &mut Sink<'_>,
) -> Result<(), IngestError> {
    let malformed = |location: Location, reason: String| IngestError::Malformed {
        name: name.to_owned(),
        format: Format::Wacz,
        location,
        reason,
    };
    let mut archive = zip::ZipArchive::new(input)
        .map_err(|error| malformed(Location::Whole, format!("not a readable zip file: {error}")))?;

    let package = read_datapackage(name, &mut archive)?;
    if let Some(profile) = package.profile.as_deref()
        && profile != "data-package"
    {
        sink.warn(
            Location::Member("datapackage.json".into()),
            format!("profile is {profile:?}, expected \"data-package\""),
        );
    }

    for resource in &package.resources {
        let member = Location::Member(resource.path.clone());
        let Some(declared) = resource.hash.as_deref() else {
            sink.warn(member, "no hash in datapackage.json; integrity not checked");
            continue;
        };
        let Some(expected_hex) = declared.strip_prefix("sha256:") else {
            sink.warn(
                member,
                format!("hash {declared:?} is not sha256; integrity not checked"),
            );
            continue;
        };
        let mut file = archive.by_name(&resource.path).map_err(|error| {
            malformed(
                member.clone(),
                format!("listed in datapackage.json but not readable: {error}"),
            )
        })?;
        let mut hasher = Sha256::new();
        io::copy(&mut file, &mut HashWriter(&mut hasher))
            .map_err(|error| malformed(member.clone(), format!("cannot decompress: {error}")))?;
        let computed = hex::encode(hasher.finalize());
        if !computed.eq_ignore_ascii_case(expected_hex.trim()) {
            return Err(IngestError::WaczHashMismatch {
                name: name.to_owned(),
                member: resource.path.clone(),
                declared: declared.to_owned(),
                computed: format!("sha256:{computed}"),
            });
        }
    }

    let mut warcs: Vec<String> = archive
        .file_names()
        .filter(|path| {
            let lower = path.to_ascii_lowercase();
            lower.starts_with("archive/")
                && (lower.ends_with(".warc") || lower.ends_with(".warc.gz"))
        })
        .map(str::to_owned)
        .collect();
    warcs.sort();
    if warcs.is_empty() {
        return Err(malformed(
            Location::Whole,
            "no WARC files under archive/".into(),
        ));
    }
    for path in warcs {
        if !package
            .resources
            .iter()
            .any(|resource| resource.path == path)
        {
            sink.warn(
                Location::Member(path.clone()),
                "not listed in datapackage.json; integrity not checked",
            );
        }
        let file = archive.by_name(&path).map_err(|error| {
            malformed(
                Location::Member(path.clone()),
                format!("cannot open: {error}"),
            )
        })?;
        warc::read(name, file, Some(&path), sink)?;
    }
    Ok(())
}

fn read_datapackage<R: Read + Seek>(
    name: &str,
    archive: &mut zip::ZipArchive<R>,
) -> Result<DataPackage, IngestError> {
    let location = Location::Member("datapackage.json".into());
    let malformed = |reason: String| IngestError::Malformed {
        name: name.to_owned(),
        format: Format::Wacz,
        location: location.clone(),
        reason,
    };
    let file = archive
        .by_name("datapackage.json")
        .map_err(|_| IngestError::Unsupported {
            name: name.to_owned(),
            reason: "a zip file without datapackage.json, so not a WACZ package".into(),
        })?;
    let mut bytes = Vec::new();
    file.take(MAX_DATAPACKAGE_BYTES)
        .read_to_end(&mut bytes)
        .map_err(|error| malformed(format!("cannot decompress: {error}")))?;
    serde_json::from_slice(&bytes).map_err(|error| {
        malformed(format!(
            "not valid JSON at line {}, column {}: {error}",
            error.line(),
            error.column()
        ))
    })
}

/// Feeds written bytes to a hasher, so a zip member can be hashed with `io::copy`.
struct HashWriter<'a>(&'a mut Sha256);

impl io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
