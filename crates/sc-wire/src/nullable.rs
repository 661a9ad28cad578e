//! Lenient decoding helpers: a JSON `null` where a list or text is expected means "empty".

use serde::{Deserialize, Deserializer};

/// Decodes `null` as the type's default, anything else as usual.
pub(crate) fn or_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
