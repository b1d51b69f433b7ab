//! [`DatasetSchema`]: what a clinic's dataset file holds, column by column, without a row.
//!
//! A clinic declares its dataset's schema on chain (`dataAccess.declareSchema`), so that a
//! researcher can read which columns exist, their types, units, plausible ranges and levels,
//! and whether they may be missing, before asking any question of the data; and its node
//! checks every row of the file against the same schema when it loads it.
//!
//! Column names come from the consortium's common data model ([`common_data_model`]: the IVF
//! fields of the HFEA register and of clinic systems, see `docs/domain.md`) or are free names.
//! A column that takes a common name must keep the common definition (type, unit, levels), so
//! that "AMH" means the same measurement, in the same unit, at every clinic: the source of
//! most of the "data point definitions" that differ between clinics.
//!
//! Values are integers: numbers in thousandths of their unit (`min_milli`, `max_milli`), dates
//! as days since 1970-01-01, so the schema encodes, and hashes ([`DatasetSchema::id`]), the
//! same everywhere.

use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

/// Most columns a schema may declare.
pub const MAX_COLUMNS: usize = 64;

/// Longest column name, unit or level, in bytes.
pub const MAX_NAME_LEN: usize = 48;

/// Most levels a categorical column may declare.
pub const MAX_LEVELS: usize = 64;

/// Name of the column that holds each row's salted patient pseudonym (64 hex digits). Every
/// dataset file has it; it is an identifier, never a schema column nor a model input.
pub const PSEUDONYM_COLUMN: &str = "patient_pseudonym";

/// Name of the optional column holding the clinic's raw patient id: the node never reads it.
pub const RAW_ID_COLUMN: &str = "patient_id";

/// The columns of a dataset file, in any order the clinic likes (files are read by name).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct DatasetSchema {
	/// The columns; names are unique.
	pub columns: Vec<Column>,
}

/// One column of a dataset.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Column {
	/// The column's name in the file's header: a [`common_data_model`] name or a free one
	/// (ASCII letters, digits and `_`, at most [`MAX_NAME_LEN`] bytes).
	pub name: String,
	/// What a value of the column is.
	pub kind: ColumnKind,
	/// Whether a row may leave the value empty.
	pub missing_allowed: bool,
}

/// The type of a column's values.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum ColumnKind {
	/// A number in `unit`, plausible between `min_milli` and `max_milli` (thousandths of the
	/// unit, both inclusive): a value outside is refused as implausible, not clamped.
	Numeric {
		/// The unit, e.g. `years`, `ng/mL`, `kg/m2`, `count`.
		unit: String,
		/// Smallest plausible value, in thousandths of `unit`.
		min_milli: i64,
		/// Largest plausible value, in thousandths of `unit`.
		max_milli: i64,
	},
	/// `0`/`1` (also `false`/`true`) in the file.
	Boolean,
	/// One of `levels`, written as the level's text.
	Categorical {
		/// The levels, unique, in the order their codes (0, 1, …) follow.
		levels: Vec<String>,
	},
	/// A calendar date written `YYYY-MM-DD`, held as days since 1970-01-01.
	Date,
}

/// Why a schema is refused. `column` is the 0-based position of the offending column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum SchemaError {
	/// The schema declares no column.
	NoColumns,
	/// More than [`MAX_COLUMNS`] columns.
	TooManyColumns,
	/// A name is empty, longer than [`MAX_NAME_LEN`], not ASCII letters, digits and `_`, or
	/// one of the reserved identifier columns ([`PSEUDONYM_COLUMN`], [`RAW_ID_COLUMN`]).
	InvalidName {
		/// The column.
		column: u32,
	},
	/// Two columns share a name.
	DuplicateName {
		/// The second column with the name.
		column: u32,
	},
	/// A numeric column with `min_milli > max_milli`, or a unit that is empty or longer than
	/// [`MAX_NAME_LEN`].
	InvalidRange {
		/// The column.
		column: u32,
	},
	/// A categorical column with fewer than two or more than [`MAX_LEVELS`] levels, a level
	/// that is empty, longer than [`MAX_NAME_LEN`] or contains a comma, or a level twice.
	InvalidLevels {
		/// The column.
		column: u32,
	},
	/// A column with a [`common_data_model`] name whose type, unit, range or levels differ
	/// from the common definition.
	NotCommonDefinition {
		/// The column.
		column: u32,
	},
}
