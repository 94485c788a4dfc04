//! One module per subcommand.

pub mod export;
pub mod eval;
pub mod read;
pub mod search;
pub mod show;
pub mod status;
pub mod summary;
