//! A clinic's dataset file read under its [`DatasetSchema`]: [`parse_table`] (`std` only).
//!
//! A dataset file is CSV without quoting: a header line, then one line per row. The header
//! names the columns in any order the clinic likes, because the file is read by name:
//!
//! ```text
//! patient_id,patient_pseudonym,age,amh_ng_ml,cycle_type,stimulation_start,ohss
//! PATIENT-1-000001,3f9a…(64 hex digits),34,2.35,fresh,2021-03-14,0
//! PATIENT-1-000002,81c0…(64 hex digits),41,,frozen,2022-11-02,1
//! ```
//!
//! - `patient_pseudonym` (64 hex digits, [`PSEUDONYM_COLUMN`]) is required: the only form of
//!   the patient that may leave the clinic. `patient_id` ([`RAW_ID_COLUMN`]) may be there and
//!   is never read. Every schema column must be there; any other column is refused, so that a
//!   typing mistake in a name is not silently a missing column.
//! - An empty field is a missing value, refused unless the column allows missing values.
//! - Numbers are decimals, read exactly into thousandths of the unit (`2.35` → 2350; more
//!   than three decimals are refused, not rounded), and must lie in the column's plausible
//!   range. Booleans are `0`, `1`, `false` or `true`; levels their exact text; dates
//!   `YYYY-MM-DD` with a year from 1900 to 2199, held as days since 1970-01-01.
//! - Empty lines are skipped; a pseudonym may occur on several lines (a patient's several
//!   cycles).
//!
//! ## Privacy of errors
//!
//! A [`TableError`] names the line, the column and what was wrong ([`TableErrorReason`]),
//! never the value: errors reach logs, and a log must not show patient data. It names only
//! columns of the schema or the identifier columns; a header field it does not know is given
//! by its position, since a file that lost its header line has a row of data in its place.
//!
//! ## JSON files
//!
//! Schemas and study questions travel as JSON ([`read_schema_json`], [`schema_json`],
//! [`read_question_json`], [`question_json`]): serde's plain shape of the types, which is
//! also what polkadot-js shows for them. A schema:
//!
//! ```json
//! { "columns": [
//!   { "name": "age", "kind": { "Numeric": { "unit": "years", "min_milli": 18000,
//!     "max_milli": 55000 } }, "missing_allowed": false },
//!   { "name": "trigger", "kind": { "Categorical": { "levels": ["hcg", "gnrh_agonist",
//!     "dual"] } }, "missing_allowed": false },
//!   { "name": "pcos", "kind": "Boolean", "missing_allowed": false },
//!   { "name": "stimulation_start", "kind": "Date", "missing_allowed": false },
//!   { "name": "ohss", "kind": "Boolean", "missing_allowed": true }
//! ] }
//! ```
//!
//! A question:
//!
//! ```json
//! { "outcome": { "column": "ohss", "event": "IsTrue" },
//!   "features": [
//!     { "column": "age", "encoding": "Numeric", "missing": "DropRow" },
//!     { "column": "amh_ng_ml", "encoding": "Numeric", "missing": "Indicator" },
//!     { "column": "bmi", "encoding": "Numeric", "missing": { "ImputeMilli": 25000 } },
//!     { "column": "trigger", "encoding": { "OneHot": { "levels": ["hcg", "dual"] } },
//!       "missing": "DropRow" }
//! ] }
//! ```
//!
//! Other events are `{ "IsLevel": "frozen" }` and `{ "AtLeastMilli": 15000 }`.

use core::fmt;

use crate::{
	question::StudyQuestion,
	schema::{ColumnKind, DatasetSchema, SchemaError, PSEUDONYM_COLUMN, RAW_ID_COLUMN},
};

/// Earliest and latest year a date may have: anything else is a typing mistake, not a
/// treatment or a birth.
pub const DATE_YEARS: (i32, i32) = (1900, 2199);

/// One value of a row, as its column's [`ColumnKind`] reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Value {
	/// A numeric column's value, in thousandths of its unit.
	Number(i64),
	/// A boolean column's value.
	Bool(bool),
	/// A categorical column's level: its index in the column's levels.
	Level(u16),
	/// A date column's value: days since 1970-01-01 (negative before).
	Date(i32),
}

/// A dataset file read under its schema: pseudonyms and values, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
	/// The schema the file was read under; `rows[r][c]` is a value of `schema.columns[c]`.
	pub schema: DatasetSchema,
	/// Each row's patient pseudonym, in file order.
	pub pseudonyms: Vec<[u8; 32]>,
	/// Each row's values, one per schema column in schema order (not file order); `None` is a
	/// missing value.
	pub rows: Vec<Vec<Option<Value>>>,
}

impl Table {
	/// Number of rows.
	pub fn len(&self) -> usize {
		self.rows.len()
	}

	/// Whether the file has no row.
	pub fn is_empty(&self) -> bool {
		self.rows.is_empty()
	}

	/// The value of row `row` in the column named `column`: `None` if either does not exist,
	/// `Some(None)` if the value is missing.
	pub fn value(&self, row: usize, column: &str) -> Option<Option<Value>> {
		let position = self.schema.position(column)?;
		self.rows.get(row)?.get(position).copied()
	}
}

/// What was wrong with a file, a line or a field (never the value itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableErrorReason {
	/// The schema the file is read under fails [`DatasetSchema::validate`].
	Schema(SchemaError),
	/// The file is empty: no header line.
	NoHeader,
	/// The header has a field that is neither a schema column nor an identifier column.
	UnknownColumn {
		/// The field's 1-based position in the header.
		position: u32,
	},
	/// The header names a column twice.
	DuplicateColumn,
	/// The header lacks a schema column or the pseudonym column.
	MissingColumn,
	/// A line has fewer fields than the header (the error names the first absent column) or
	/// more (it names none).
	FieldCount,
	/// The pseudonym is not 64 hex digits.
	InvalidPseudonym,
	/// The value is empty and the column does not allow missing values.
	MissingValue,
	/// The value is not a decimal number (digits, optionally a leading `-` and a `.` with
	/// digits after it).
	InvalidNumber,
	/// The number has more than three decimals: values are held in thousandths, exactly.
	TooManyDecimals,
	/// The number lies outside the column's plausible range.
	OutOfRange,
	/// The value is not `0`, `1`, `false` or `true`.
	InvalidBoolean,
	/// The value is not one of the column's levels.
	UnknownLevel,
	/// The value is not a calendar date `YYYY-MM-DD` in [`DATE_YEARS`].
	InvalidDate,
}

/// Why a file cannot be read as a table: where, and what was wrong, without the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableError {
	/// The 1-based line (the header is line 1); 0 when the schema itself is at fault.
	pub line: usize,
	/// The column: a schema column or an identifier column, never a name taken from the file
	/// that the schema does not know. `None` for errors of the whole file or line.
	pub column: Option<String>,
	/// What was wrong.
	pub reason: TableErrorReason,
}

impl fmt::Display for TableErrorReason {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::Schema(e) => write!(f, "the schema is invalid: {e}"),
			Self::NoHeader => f.write_str("the file is empty, a header line was expected"),
			Self::UnknownColumn { position } => {
				write!(f, "header field {position} is not a column of the schema")
			},
			Self::DuplicateColumn => f.write_str("the header names the column twice"),
			Self::MissingColumn => f.write_str("the header lacks the column"),
			Self::FieldCount => f.write_str("the line does not have one field per header column"),
			Self::InvalidPseudonym => f.write_str("expected 64 hex digits (a salted pseudonym)"),
			Self::MissingValue => {
				f.write_str("empty, and the column does not allow missing values")
			},
			Self::InvalidNumber => f.write_str("expected a decimal number, e.g. 2.35"),
			Self::TooManyDecimals => f.write_str("more than 3 decimals"),
			Self::OutOfRange => f.write_str("outside the column's plausible range"),
			Self::InvalidBoolean => f.write_str("expected 0, 1, false or true"),
			Self::UnknownLevel => f.write_str("not one of the column's levels"),
			Self::InvalidDate => {
				write!(f, "expected a date YYYY-MM-DD from {} to {}", DATE_YEARS.0, DATE_YEARS.1)
			},
		}
	}
}

impl fmt::Display for TableError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		if self.line > 0 {
			write!(f, "line {}, ", self.line)?;
		}
		if let Some(column) = &self.column {
			write!(f, "column {column}: ")?;
		}
		write!(f, "{}", self.reason)
	}
}

impl std::error::Error for TableError {}

/// Where a header field's values go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
	Pseudonym,
	RawId,
	Column(usize),
}

/// Reads a dataset file's text under `schema` (see the module docs for the format).
///
/// Errors: the first fault of the file, in file order, as a [`TableError`] naming its line and
/// column.
pub fn parse_table(text: &str, schema: &DatasetSchema) -> Result<Table, TableError> {
	let error = |line: usize, column: Option<&str>, reason| TableError {
		line,
		column: column.map(String::from),
		reason,
	};
	schema.validate().map_err(|e| {
		let column = match e {
			SchemaError::InvalidName { column: c }
			| SchemaError::DuplicateName { column: c }
			| SchemaError::InvalidRange { column: c }
			| SchemaError::InvalidLevels { column: c }
			| SchemaError::NotCommonDefinition { column: c } => {
				schema.columns.get(c as usize).map(|c| c.name.as_str())
			},
			SchemaError::NoColumns | SchemaError::TooManyColumns => None,
		};
		error(0, column, TableErrorReason::Schema(e))
	})?;
	// A spreadsheet's UTF-8 byte-order mark is not part of the first column's name.
	let text = text.strip_prefix('\u{feff}').unwrap_or(text);
	let mut lines = text.lines().enumerate();
	let header = match lines.next() {
		Some((_, line)) if !line.trim().is_empty() => line.trim_end(),
		_ => return Err(error(1, None, TableErrorReason::NoHeader)),
	};

	let mut fields = Vec::new();
	for (i, name) in header.split(',').enumerate() {
		let field = match name {
			PSEUDONYM_COLUMN => Field::Pseudonym,
			RAW_ID_COLUMN => Field::RawId,
			_ => match schema.position(name) {
				Some(position) => Field::Column(position),
				None => {
					let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
					return Err(error(1, None, TableErrorReason::UnknownColumn { position }));
				},
			},
		};
		if fields.contains(&field) {
			return Err(error(1, Some(name), TableErrorReason::DuplicateColumn));
		}
		fields.push(field);
	}
	if !fields.contains(&Field::Pseudonym) {
		return Err(error(1, Some(PSEUDONYM_COLUMN), TableErrorReason::MissingColumn));
	}
	if let Some(absent) = (0..schema.columns.len()).find(|&c| !fields.contains(&Field::Column(c))) {
		let name = schema.columns.get(absent).map(|c| c.name.as_str());
		return Err(error(1, name, TableErrorReason::MissingColumn));
	}
	let field_name = |field: &Field| match field {
		Field::Pseudonym => PSEUDONYM_COLUMN,
		Field::RawId => RAW_ID_COLUMN,
		Field::Column(c) => schema.columns.get(*c).map_or("", |c| c.name.as_str()),
	};

	let mut table = Table { schema: schema.clone(), pseudonyms: Vec::new(), rows: Vec::new() };
	for (index, line) in lines {
		let number = index + 1;
		if line.trim().is_empty() {
			continue;
		}
		let values: Vec<&str> = line.trim_end().split(',').collect();
		if values.len() != fields.len() {
			let absent = fields.get(values.len()).map(field_name);
			return Err(error(number, absent, TableErrorReason::FieldCount));
		}
		let mut pseudonym = [0u8; 32];
		let mut row = vec![None; schema.columns.len()];
		for (field, text) in fields.iter().zip(values) {
			match *field {
				Field::RawId => {},
				Field::Pseudonym => {
					pseudonym = parse_hex32(text).ok_or_else(|| {
						error(number, Some(PSEUDONYM_COLUMN), TableErrorReason::InvalidPseudonym)
					})?;
				},
				Field::Column(c) => {
					let Some(column) = schema.columns.get(c) else { continue };
					let fail = |reason| error(number, Some(&column.name), reason);
					if text.is_empty() {
						if !column.missing_allowed {
							return Err(fail(TableErrorReason::MissingValue));
						}
						continue;
					}
					let value = parse_value(text, &column.kind).map_err(fail)?;
					if let Some(slot) = row.get_mut(c) {
						*slot = Some(value);
					}
				},
			}
		}
		table.pseudonyms.push(pseudonym);
		table.rows.push(row);
	}
	Ok(table)
}

/// Reads one non-empty field as a value of a column of type `kind`.
pub fn parse_value(text: &str, kind: &ColumnKind) -> Result<Value, TableErrorReason> {
	match kind {
		ColumnKind::Numeric { min_milli, max_milli, .. } => {
			let milli = parse_milli(text)?;
			if milli < *min_milli || milli > *max_milli {
				return Err(TableErrorReason::OutOfRange);
			}
			Ok(Value::Number(milli))
		},
		ColumnKind::Boolean => match text {
			"1" | "true" => Ok(Value::Bool(true)),
			"0" | "false" => Ok(Value::Bool(false)),
			_ => Err(TableErrorReason::InvalidBoolean),
		},
		ColumnKind::Categorical { levels } => levels
			.iter()
			.position(|level| level == text)
			.and_then(|code| u16::try_from(code).ok())
			.map(Value::Level)
			.ok_or(TableErrorReason::UnknownLevel),
		ColumnKind::Date => parse_date(text).map(Value::Date).ok_or(TableErrorReason::InvalidDate),
	}
}

/// A decimal as thousandths, exactly, in integers: floats would round `0.1` and could let two
/// clinics read the same text differently.
fn parse_milli(text: &str) -> Result<i64, TableErrorReason> {
	let (negative, digits) = match text.strip_prefix('-') {
		Some(rest) => (true, rest),
		None => (false, text),
	};
	let (whole, fraction) = match digits.split_once('.') {
		Some((whole, fraction)) => (whole, fraction),
		None => (digits, ""),
	};
	let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if whole.is_empty()
		|| !all_digits(whole)
		|| !all_digits(fraction)
		|| (digits.contains('.') && fraction.is_empty())
	{
		return Err(TableErrorReason::InvalidNumber);
	}
	if fraction.len() > 3 {
		return Err(TableErrorReason::TooManyDecimals);
	}
	let mut milli: i64 = 0;
	for digit in whole
		.bytes()
		.chain(fraction.bytes())
		.chain(core::iter::repeat_n(b'0', 3 - fraction.len()))
	{
		milli = milli
			.checked_mul(10)
			.and_then(|m| m.checked_add(i64::from(digit - b'0')))
			// Beyond i64 is beyond any plausible range.
			.ok_or(TableErrorReason::OutOfRange)?;
	}
	Ok(if negative { -milli } else { milli })
}

/// `YYYY-MM-DD` as days since 1970-01-01, `None` unless it is a calendar date in
/// [`DATE_YEARS`].
fn parse_date(text: &str) -> Option<i32> {
	let bytes = text.as_bytes();
	if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
		return None;
	}
	let number = |range: core::ops::Range<usize>| -> Option<u32> {
		let part = text.get(range)?;
		if !part.bytes().all(|b| b.is_ascii_digit()) {
			return None;
		}
		part.parse().ok()
	};
	let year = i32::try_from(number(0..4)?).ok()?;
	if !(DATE_YEARS.0..=DATE_YEARS.1).contains(&year) {
		return None;
	}
	days_from_civil(year, number(5..7)?, number(8..10)?)
}

/// Whether `year` is a leap year of the Gregorian calendar.
fn is_leap(year: i32) -> bool {
	(year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days since 1970-01-01 of a Gregorian calendar date, `None` if there is no such day (or the
/// count does not fit an `i32`). Howard Hinnant's `days_from_civil`, in integers.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> Option<i32> {
	const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
	let month_days =
		DAYS.get(month.checked_sub(1)? as usize)? + u32::from(month == 2 && is_leap(year));
	if day == 0 || day > month_days {
		return None;
	}
	let (month, day) = (i64::from(month), i64::from(day));
	let year = i64::from(year) - i64::from(month <= 2);
	let era = year.div_euclid(400);
	let year_of_era = year.rem_euclid(400);
	let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
	let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	i32::try_from(era * 146_097 + day_of_era - 719_468).ok()
}

/// The Gregorian calendar date `(year, month, day)` of a count of days since 1970-01-01:
/// Howard Hinnant's `civil_from_days`, the inverse of [`days_from_civil`].
pub fn civil_from_days(days: i32) -> (i32, u32, u32) {
	let z = i64::from(days) + 719_468;
	let era = z.div_euclid(146_097);
	let day_of_era = z.rem_euclid(146_097);
	let year_of_era =
		(day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
	let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	let mp = (5 * day_of_year + 2) / 153;
	let day = day_of_year - (153 * mp + 2) / 5 + 1;
	let month = if mp < 10 { mp + 3 } else { mp - 9 };
	let year = year_of_era + era * 400 + i64::from(month <= 2);
	// |days| < 2^31 keeps the year within ±5.9 million and month and day small.
	(year as i32, month as u32, day as u32)
}

/// A value as a file writes it, the inverse of [`parse_value`]: a number with at most three
/// decimals and no trailing zeros, `0`/`1`, the level's text, `YYYY-MM-DD`. `None` if the
/// value does not fit `kind` (another type, or a level code the column does not have).
pub fn format_value(value: Value, kind: &ColumnKind) -> Option<String> {
	match (value, kind) {
		(Value::Number(milli), ColumnKind::Numeric { .. }) => {
			let sign = if milli < 0 { "-" } else { "" };
			let (whole, fraction) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
			let text = format!("{sign}{whole}.{fraction:03}");
			Some(text.trim_end_matches('0').trim_end_matches('.').to_string())
		},
		(Value::Bool(b), ColumnKind::Boolean) => Some(if b { "1" } else { "0" }.to_string()),
		(Value::Level(code), ColumnKind::Categorical { levels }) => {
			levels.get(usize::from(code)).cloned()
		},
		(Value::Date(days), ColumnKind::Date) => {
			let (year, month, day) = civil_from_days(days);
			Some(format!("{year:04}-{month:02}-{day:02}"))
		},
		_ => None,
	}
}

/// 64 hex digits (either case) as 32 bytes; `None` otherwise.
fn parse_hex32(hex: &str) -> Option<[u8; 32]> {
	if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
		return None;
	}
	let mut bytes = [0u8; 32];
	for (i, byte) in bytes.iter_mut().enumerate() {
		*byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
	}
	Some(bytes)
}

/// Reads a schema JSON file (see the module docs) and validates it; the error says what is
/// wrong with the file or which column the schema refuses.
pub fn read_schema_json(text: &str) -> Result<DatasetSchema, String> {
	let schema: DatasetSchema =
		serde_json::from_str(text).map_err(|e| format!("schema JSON: {e}"))?;
	schema.validate().map_err(|e| format!("schema: {e}"))?;
	Ok(schema)
}

/// A schema as pretty-printed JSON, as [`read_schema_json`] reads it.
pub fn schema_json(schema: &DatasetSchema) -> String {
	// Serialising plain structs, strings and integers to a string cannot fail.
	serde_json::to_string_pretty(schema).unwrap_or_default()
}

/// Reads a study question JSON file (see the module docs) and checks it on its own
/// ([`StudyQuestion::validate`]); [`StudyQuestion::check_schema`] checks it against a dataset.
pub fn read_question_json(text: &str) -> Result<StudyQuestion, String> {
	let question: StudyQuestion =
		serde_json::from_str(text).map_err(|e| format!("question JSON: {e}"))?;
	question.validate().map_err(|e| format!("question: {e}"))?;
	Ok(question)
}

/// A study question as pretty-printed JSON, as [`read_question_json`] reads it.
pub fn question_json(question: &StudyQuestion) -> String {
	serde_json::to_string_pretty(question).unwrap_or_default()
}
