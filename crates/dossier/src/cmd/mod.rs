//! One module per subcommand.

pub mod archive;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod log;
pub mod read;
pub mod search;
pub mod serve;
pub mod show;
pub mod status;
pub mod summary;
pub mod verify_proof;
