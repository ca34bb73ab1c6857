//! What the identity crate reads and returns, by resource.

mod auth;
mod events;
mod keys;
mod roles;
mod teams;
mod units;
mod users;

pub use auth::*;
pub use events::*;
pub use keys::*;
pub use roles::*;
pub use teams::*;
pub use units::*;
pub use users::*;
