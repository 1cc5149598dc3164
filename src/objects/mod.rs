//! Python's objects: `Value`, and one file per built-in type.
//!
//! A `Value` is 16 bytes: the small immutable values (`None`, `bool`, `int`
//! that fits in an i64, `float`) live inline, so arithmetic allocates nothing;
//! every other object is an `Arc` to its type's struct. Mutable state inside
//! those structs sits in GIL-owned cells (see `runtime/gil.rs`).

pub mod bytes;
pub mod compare;
pub mod dict;
pub mod exception;
pub mod file;
pub mod float;
pub mod float_fromhex;
pub mod float_repr;
pub mod format_number;
pub mod format_spec;
pub mod function;
pub mod generator;
pub mod handle;
pub mod instance;
pub mod int;
pub mod int_bytes;
pub mod iterator;
pub mod list;
pub mod lock;
pub mod method_args;
pub mod module;
pub mod object;
pub mod percent_format;
pub mod percent_template;
pub mod range;
pub mod set;
pub mod set_table;
pub mod slice;
pub mod str;
pub mod tuple;
pub mod type_object;
mod value;

pub use value::Value;

/// The result of anything that can raise: the error is the Python exception.
pub type PyResult<T> = Result<T, exception::PyException>;

/// Implements `Debug` for a type whose state sits behind the GIL (and so
/// cannot be read without the token): it prints as `<name>`.
macro_rules! opaque_debug {
    ($type:ty, $name:literal) => {
        impl std::fmt::Debug for $type {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(concat!("<", $name, ">"))
            }
        }
    };
}
pub(crate) use opaque_debug;
