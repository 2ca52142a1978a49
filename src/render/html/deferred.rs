//! Page views built on demand: as the context a template renders, or fed straight into a
//! fingerprint hasher (the live preview's key of a page, see `incremental.rs`) without
//! building a JSON tree or JSON text. Every part is written with a tag and its length, so
//! two different views never feed the hasher the same bytes.

use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::Value;
use std::hash::Hasher;
use std::sync::Arc;

/// Feeds the hasher everything a page's lazy view is built from, without building it;
/// `None` when it cannot tell (a body not converted before).
pub type Key<'a> = Box<dyn Fn(&mut dyn Hasher) -> Option<()> + Send + Sync + 'a>;

/// Where a deferred view goes: into the page's context (as JSON, or straight into the
/// template engine's values when the page is rendered), or into a fingerprint.
pub enum Sink<'s> {
    View(&'s mut Value),
    Tera(&'s mut tera::Context),
    Key(&'s mut dyn Hasher),
}

/// A page view built only when needed, as a context or as a key.
pub type Deferred<'a> = Arc<dyn Fn(Sink) -> Option<()> + Send + Sync + 'a>;

/// Hands the view `t` to `sink`.
pub fn sink<T: Serialize>(t: &T, sink: Sink) -> Option<()> {
    match sink {
        Sink::View(v) => *v = super::pages::view(t),
        // Without the JSON tree in between: building it and converting it was most of the
        // time of rendering a 10,000-entry report list.
        Sink::Tera(c) => *c = tera::Context::from_serialize(t).ok()?,
        // Into one reusable buffer, hashed in one piece: a call per tag and part through
        // the hasher's vtable cost more than the bytes.
        Sink::Key(h) => BUF.with_borrow_mut(|buf| {
            buf.0.clear();
            t.serialize(Feed(buf)).ok()?;
            h.write_usize(buf.0.len());
            h.write(&buf.0);
            Some(())
        })?,
    }
    Some(())
}

thread_local!(static BUF: std::cell::RefCell<Bytes> = const { std::cell::RefCell::new(Bytes(Vec::new())) });

/// A "hasher" that keeps the bytes written into it.
struct Bytes(Vec<u8>);

impl Hasher for Bytes {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
}

/// A `&mut dyn Hasher` as a sized hasher.
pub struct Fwd<'h>(pub &'h mut dyn Hasher);

impl Hasher for Fwd<'_> {
    fn finish(&self) -> u64 {
        self.0.finish()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
}

/// A serde serializer writing into a hasher.
struct Feed<'h, 'd>(&'h mut (dyn Hasher + 'd));

#[derive(Debug)]
struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not hashable")
    }
}

impl std::error::Error for Never {}

impl ser::Error for Never {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Never
    }
}

impl Feed<'_, '_> {
    fn tag(&mut self, t: u8) {
        self.0.write_u8(t);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.0.write_usize(b.len());
        self.0.write(b);
    }
    fn again(&mut self) -> Feed<'_, '_> {
        Feed(&mut *self.0)
    }
}

macro_rules! number {
    ($($f:ident $t:ty),*) => {$(
        fn $f(mut self, v: $t) -> Result<(), Never> {
            self.tag(1);
            self.bytes(&v.to_le_bytes());
            Ok(())
        }
    )*};
}

impl<'h, 'd> ser::Serializer for Feed<'h, 'd> {
    type Ok = ();
    type Error = Never;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Never>;

    number!(serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64,
        serialize_u8 u8, serialize_u16 u16, serialize_u32 u32, serialize_u64 u64,
        serialize_f32 f32, serialize_f64 f64);

    fn serialize_bool(mut self, v: bool) -> Result<(), Never> {
        self.tag(if v { 2 } else { 3 });
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Never> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(mut self, v: &str) -> Result<(), Never> {
        self.tag(4);
        self.bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(mut self, v: &[u8]) -> Result<(), Never> {
        self.tag(5);
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(mut self) -> Result<(), Never> {
        self.tag(6);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(mut self, v: &T) -> Result<(), Never> {
        // As JSON has it: `Some(x)` is `x`.
        self.tag(7);
        v.serialize(self)
    }
    fn serialize_unit(mut self) -> Result<(), Never> {
        self.tag(6);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Never> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Never> {
        self.serialize_str(v)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.tag(8);
        self.bytes(variant.as_bytes());
        v.serialize(self)
    }
    fn serialize_seq(mut self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(9);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Never> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Never> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Never> {
        self.tag(8);
        self.bytes(variant.as_bytes());
        self.tag(9);
        Ok(self)
    }
    fn serialize_map(mut self, _: Option<usize>) -> Result<Self, Never> {
        self.tag(10);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Never> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Impossible<(), Never>, Never> {
        // No view has one; a key that cannot be made renders the page.
        Err(Never)
    }
}

/// Elements and entries are each preceded by a marker and the whole closed by another, so
/// lengths need not be known up front (`#[serde(flatten)]` does not tell them).
impl ser::SerializeSeq for Feed<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
        self.tag(11);
        v.serialize(self.again())
    }
    fn end(mut self) -> Result<(), Never> {
        self.tag(12);
        Ok(())
    }
}

/// Tuples of every kind are fed as sequences.
macro_rules! as_seq {
    ($($t:ident $f:ident),*) => {$(
        impl ser::$t for Feed<'_, '_> {
            type Ok = ();
            type Error = Never;
            fn $f<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
                ser::SerializeSeq::serialize_element(self, v)
            }
            fn end(self) -> Result<(), Never> {
                ser::SerializeSeq::end(self)
            }
        }
    )*};
}

as_seq!(SerializeTuple serialize_element, SerializeTupleStruct serialize_field,
    SerializeTupleVariant serialize_field);

impl ser::SerializeMap for Feed<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Never> {
        self.tag(13);
        k.serialize(self.again())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Never> {
        self.tag(14);
        v.serialize(self.again())
    }
    fn end(mut self) -> Result<(), Never> {
        self.tag(15);
        Ok(())
    }
}

impl ser::SerializeStruct for Feed<'_, '_> {
    type Ok = ();
    type Error = Never;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Never> {
        self.tag(13);
        self.bytes(key.as_bytes());
        self.tag(14);
        v.serialize(self.again())
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), Never> {
        self.tag(16);
        self.bytes(key.as_bytes());
        Ok(())
    }
    fn end(mut self) -> Result<(), Never> {
        self.tag(15);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHasher;

    fn hash<T: Serialize>(t: &T) -> u64 {
        let mut h = FxHasher::default();
        sink(t, Sink::Key(&mut h)).unwrap();
        h.finish()
    }

    #[derive(Serialize)]
    struct Doc<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        date: Option<&'a str>,
    }

    #[test]
    fn views_that_differ_anywhere_hash_differently() {
        let make = |title, tags: Vec<&'static str>, date| Doc { title, tags, date };
        let first = hash(&make("标题", vec!["a", "b"], None));
        assert_eq!(first, hash(&make("标题", vec!["a", "b"], None)));
        for v in [
            make("标题2", vec!["a", "b"], None),
            make("标题", vec!["ab"], None),
            make("标题", vec!["a", "b", ""], None),
            make("标题", vec!["a", "b"], Some("")),
        ] {
            assert_ne!(first, hash(&v));
        }
        // A map's entries and a sequence's elements cannot trade places with their neighbours.
        let m1: std::collections::BTreeMap<&str, &str> = [("a", "bc")].into();
        let m2: std::collections::BTreeMap<&str, &str> = [("ab", "c")].into();
        assert_ne!(hash(&m1), hash(&m2));
        assert_ne!(
            hash(&vec![vec!["a"], vec![]]),
            hash(&vec![vec![], vec!["a"]])
        );
    }
}
