//! One module per subcommand.

pub mod read;
pub mod summary;
