//! [`StudyQuestion`]: which column a task predicts and from which columns, encoded how.
//!
//! A researcher's task names its outcome (a binary event read from one column) and its
//! features (columns, each with its public encoding and what to do when a value is missing).
//! The question is part of the task's [`crate::ModelSpec`], so it is hashed into the spec id,
//! and the chain refuses a task whose question a listed dataset's [`DatasetSchema`] cannot
//! answer ([`StudyQuestion::check_schema`]). Each clinic's node turns its own rows into the
//! model's input with [`StudyQuestion::encode_rows`], whatever the order of the columns in its
//! file.
//!
//! Encoded width: a numeric or boolean feature is one input, a one-hot feature one input per
//! listed level, and a missing-indicator adds one input after the feature's own. The spec's
//! `normalisation` has one entry per encoded input, in that order, and its architecture's
//! `features` equals [`StudyQuestion::encoded_width`].
//!
//! Before any row is seen, [`StudyQuestion::public_normalisation`] derives the spec's
//! normalisation from the schema alone (plausible ranges, a fixed span of dates), so that the
//! scaling reveals nothing about any clinic's data.
//!
//! ## JSON
//!
//! Researchers write questions as JSON (`table::read_question_json`, `std` only), serde's plain
//! shape of these types:
//!
//! ```json
//! { "outcome": { "column": "ohss", "event": "IsTrue" },
//!   "features": [
//!     { "column": "amh_ng_ml", "encoding": "Numeric", "missing": "Indicator" },
//!     { "column": "bmi", "encoding": "Numeric", "missing": { "ImputeMilli": 25000 } },
//!     { "column": "trigger", "encoding": { "OneHot": { "levels": ["hcg", "dual"] } },
//!       "missing": "DropRow" }
//! ] }
//! ```
//!
//! Other events are `{ "IsLevel": "frozen" }` and `{ "AtLeastMilli": 15000 }`; other
//! encodings `"Boolean"`.
//!
//! Only binary outcomes exist today. A count or a regression outcome would be another
//! [`OutcomeEvent`]-like enum on [`Outcome`] together with a model head and loss for it
//! (Poisson or squared error): the encoding of features would not change.

use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

use crate::{
	features::FeatureScaling,
	fixed,
	schema::{ColumnKind, DatasetSchema},
};
#[cfg(feature = "std")]
use crate::{
	schema::Column,
	table::{Table, Value},
	train::LabelledSet,
};

/// Most feature columns a question may list.
pub const MAX_QUESTION_FEATURES: usize = 64;

/// The outcome and the features of a task.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct StudyQuestion {
	/// What the model predicts.
	pub outcome: Outcome,
	/// The inputs, in model order.
	pub features: Vec<FeatureColumn>,
}

/// A binary outcome: the event that a column's value meets [`OutcomeEvent`]. Rows whose
/// outcome is missing are never trained on.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct Outcome {
	/// The column.
	pub column: String,
	/// When the outcome is positive.
	pub event: OutcomeEvent,
}

/// When a row's outcome counts as positive.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum OutcomeEvent {
	/// A boolean column is true.
	IsTrue,
	/// A categorical column has this level.
	IsLevel(String),
	/// A numeric column is at least this many thousandths of its unit (e.g. at least 15
	/// mature oocytes for a high-response outcome).
	AtLeastMilli(i64),
}

/// One input column and its encoding.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub struct FeatureColumn {
	/// The column.
	pub column: String,
	/// How its value becomes model input.
	pub encoding: Encoding,
	/// What a missing value becomes.
	pub missing: MissingPolicy,
}

/// How a column's value becomes model input (before the spec's normalisation).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum Encoding {
	/// A numeric column's value in its unit; a date column's days since 1970-01-01.
	Numeric,
	/// A boolean column as 0 or 1.
	Boolean,
	/// A categorical column as one input per listed level (1 for the row's level, else 0); a
	/// level not listed (e.g. the reference level) gives all zeros.
	OneHot {
		/// The levels, each one of the column's levels, unique.
		levels: Vec<String>,
	},
}

/// What a missing value becomes.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[cfg_attr(feature = "std", derive(serde::Serialize, serde::Deserialize))]
pub enum MissingPolicy {
	/// The row is left out of training (and of the committed sample count).
	DropRow,
	/// A constant in thousandths of the column's unit (numeric), 0 or 1000 (boolean); for a
	/// one-hot column all inputs are 0, and the constant is ignored.
	ImputeMilli(i64),
	/// The value becomes its normalisation's mean (0 after scaling) and one extra input,
	/// right after the feature's own, is 1 when the value was missing and 0 otherwise.
	Indicator,
}

/// Why a question is refused, on its own ([`StudyQuestion::validate`]) or against a dataset's
/// schema ([`StudyQuestion::check_schema`]). `feature` is the 0-based position in
/// [`StudyQuestion::features`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum QuestionError {
	/// No feature, or more than [`MAX_QUESTION_FEATURES`].
	FeatureCount,
	/// A column is listed twice, or the outcome is also a feature.
	DuplicateColumn,
	/// A one-hot encoding lists no level, a level twice, or more than
	/// [`crate::schema::MAX_LEVELS`].
	InvalidLevels,
	/// The outcome's column is not in the dataset's schema.
	OutcomeColumnMissing,
	/// The outcome's event does not fit its column's type (e.g. `IsTrue` on a numeric column,
	/// a level the column does not have).
	OutcomeTypeMismatch,
	/// A feature's column is not in the dataset's schema.
	FeatureColumnMissing {
		/// The feature.
		feature: u32,
	},
	/// A feature's encoding does not fit its column's type (`Numeric` needs a numeric or date
	/// column, `Boolean` a boolean one, `OneHot` a categorical one with every listed level).
	FeatureTypeMismatch {
		/// The feature.
		feature: u32,
	},
}

impl StudyQuestion {
	/// Number of model inputs the question encodes to (see the module docs).
	pub fn encoded_width(&self) -> usize {
		self.features
			.iter()
			.map(|f| {
				let own = match &f.encoding {
					Encoding::Numeric | Encoding::Boolean => 1,
					Encoding::OneHot { levels } => levels.len(),
				};
				own + usize::from(f.missing == MissingPolicy::Indicator)
			})
			.sum()
	}

	/// Checks the question on its own: feature count, no column twice, one-hot levels.
	pub fn validate(&self) -> Result<(), QuestionError> {
		if self.features.is_empty() || self.features.len() > MAX_QUESTION_FEATURES {
			return Err(QuestionError::FeatureCount);
		}
		for (i, feature) in self.features.iter().enumerate() {
			if feature.column == self.outcome.column
				|| self.features[..i].iter().any(|f| f.column == feature.column)
			{
				return Err(QuestionError::DuplicateColumn);
			}
			if let Encoding::OneHot { levels } = &feature.encoding {
				let repeated = levels.iter().enumerate().any(|(j, l)| levels[..j].contains(l));
				if levels.is_empty() || levels.len() > crate::schema::MAX_LEVELS || repeated {
					return Err(QuestionError::InvalidLevels);
				}
			}
		}
		Ok(())
	}
}

/// Days since 1970-01-01 of 2000-01-01 and 2040-01-01: the fixed span whose midpoint (2020-01-01)
/// and quarter (about ten years) [`StudyQuestion::public_normalisation`] gives a date column, so
/// that a date's scaling is public and the same for every dataset.
pub const DATE_SPAN_DAYS: (i64, i64) = (10_957, 25_567);

/// Centre 0.5, scale 0.5 (Q15.16): a 0/1 input becomes −1 or 1.
const HALF: FeatureScaling = FeatureScaling { mean: fixed::ONE / 2, scale: fixed::ONE / 2 };

/// Why rows cannot be encoded ([`StudyQuestion::encode_rows`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodeError {
	/// The question does not fit the table's schema ([`StudyQuestion::check_schema`]).
	Question(QuestionError),
	/// The normalisation does not have one entry per encoded input
	/// ([`StudyQuestion::encoded_width`]).
	NormalisationLength,
	/// A scale of the normalisation is zero or negative.
	NonPositiveScale,
	/// A row index is not a row of the table.
	RowOutOfRange {
		/// The index.
		row: u32,
	},
	/// A row of the table holds a value of another type than its column's, or a level code
	/// the column does not have, or too few values: a table built by hand, not by
	/// [`crate::table::parse_table`].
	InvalidValue {
		/// The row.
		row: u32,
		/// The column's 0-based position in the table's schema.
		column: u32,
	},
}

/// A question's encoding of a table's rows: the model inputs and labels, and which rows they
/// came from.
#[cfg(feature = "std")]
#[derive(Clone, Debug, PartialEq)]
pub struct EncodedRows {
	/// One example per kept row, normalised, in the order of `used`.
	pub set: LabelledSet,
	/// The table rows kept, in the order asked for: rows with a missing outcome, or a missing
	/// value of a [`MissingPolicy::DropRow`] feature, are left out.
	pub used: Vec<u32>,
}

impl core::fmt::Display for QuestionError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		let feature = |n: u32| n.saturating_add(1);
		match *self {
			Self::FeatureCount => {
				write!(f, "a question needs 1 to {MAX_QUESTION_FEATURES} features")
			},
			Self::DuplicateColumn => {
				f.write_str("a column is listed twice, or the outcome is also a feature")
			},
			Self::InvalidLevels => f.write_str("a one-hot encoding lists no level or one twice"),
			Self::OutcomeColumnMissing => f.write_str("the outcome's column is not in the schema"),
			Self::OutcomeTypeMismatch => {
				f.write_str("the outcome's event does not fit its column's type or levels")
			},
			Self::FeatureColumnMissing { feature: n } => {
				write!(f, "feature {} (1-based): its column is not in the schema", feature(n))
			},
			Self::FeatureTypeMismatch { feature: n } => write!(
				f,
				"feature {} (1-based): its encoding does not fit its column's type or levels",
				feature(n)
			),
		}
	}
}

impl core::fmt::Display for EncodeError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::Question(e) => write!(f, "the question does not fit the table: {e}"),
			Self::NormalisationLength => {
				f.write_str("the normalisation does not have one entry per encoded input")
			},
			Self::NonPositiveScale => f.write_str("a normalisation scale is not positive"),
			Self::RowOutOfRange { row } => write!(f, "row {row} is not in the table"),
			Self::InvalidValue { row, column } => write!(
				f,
				"row {row}, column {}: the value does not fit the column",
				column.saturating_add(1)
			),
		}
	}
}

impl StudyQuestion {
	/// Checks that `schema` can answer the question: [`Self::validate`], then that the
	/// outcome's and every feature's column exists with a type that fits. Integers only: the
	/// chain runs it when a task lists a dataset.
	///
	/// `IsTrue` needs a boolean column, `IsLevel` a categorical one with that level,
	/// `AtLeastMilli` a numeric one; `Numeric` encoding a numeric or date column, `Boolean` a
	/// boolean one, `OneHot` a categorical one with every listed level.
	pub fn check_schema(&self, schema: &DatasetSchema) -> Result<(), QuestionError> {
		self.validate()?;
		let outcome =
			schema.column(&self.outcome.column).ok_or(QuestionError::OutcomeColumnMissing)?;
		let outcome_fits = match (&self.outcome.event, &outcome.kind) {
			(OutcomeEvent::IsTrue, ColumnKind::Boolean) => true,
			(OutcomeEvent::IsLevel(level), ColumnKind::Categorical { levels }) => {
				levels.contains(level)
			},
			(OutcomeEvent::AtLeastMilli(_), ColumnKind::Numeric { .. }) => true,
			_ => false,
		};
		if !outcome_fits {
			return Err(QuestionError::OutcomeTypeMismatch);
		}
		for (i, feature) in self.features.iter().enumerate() {
			// Bounded by MAX_QUESTION_FEATURES (validate).
			let position = i as u32;
			let column = schema
				.column(&feature.column)
				.ok_or(QuestionError::FeatureColumnMissing { feature: position })?;
			let fits = match (&feature.encoding, &column.kind) {
				(Encoding::Numeric, ColumnKind::Numeric { .. } | ColumnKind::Date) => true,
				(Encoding::Boolean, ColumnKind::Boolean) => true,
				(Encoding::OneHot { levels: listed }, ColumnKind::Categorical { levels }) => {
					listed.iter().all(|l| levels.contains(l))
				},
				_ => false,
			};
			if !fits {
				return Err(QuestionError::FeatureTypeMismatch { feature: position });
			}
		}
		Ok(())
	}

	/// A standardisation of every encoded input from `schema` alone, so that a researcher can
	/// fix a task's spec (which carries its normalisation) before any row is seen, and no
	/// clinic's data leaks through the scaling.
	///
	/// A numeric feature is centred on the midpoint of its column's plausible range and scaled
	/// by a quarter of the range (at least one unit), so the range maps into about `[−2, 2]`; a
	/// date feature the same over [`DATE_SPAN_DAYS`]; a boolean input, each one-hot input and
	/// each missing-indicator are centred on 0.5 and scaled by 0.5. Integers only (Q15.16,
	/// saturating at its ends for a column whose range exceeds ±32,767 units).
	///
	/// Errors: those of [`Self::check_schema`].
	pub fn public_normalisation(
		&self,
		schema: &DatasetSchema,
	) -> Result<Vec<FeatureScaling>, QuestionError> {
		self.check_schema(schema)?;
		let mut scalings = Vec::with_capacity(self.encoded_width());
		for feature in &self.features {
			let column = schema.column(&feature.column).map(|c| &c.kind);
			match (&feature.encoding, column) {
				(Encoding::Numeric, Some(ColumnKind::Numeric { min_milli, max_milli, .. })) => {
					scalings.push(range_scaling(*min_milli, *max_milli, 1000));
				},
				(Encoding::Numeric, _) => {
					scalings.push(range_scaling(DATE_SPAN_DAYS.0, DATE_SPAN_DAYS.1, 1));
				},
				(Encoding::Boolean, _) => scalings.push(HALF),
				(Encoding::OneHot { levels }, _) => {
					scalings.extend(core::iter::repeat_n(HALF, levels.len()))
				},
			}
			if feature.missing == MissingPolicy::Indicator {
				scalings.push(HALF);
			}
		}
		Ok(scalings)
	}

	/// The model inputs and labels of `rows` of `table` (indices into `table.rows`, in the
	/// order given), as a clinic's node trains on them.
	///
	/// Each feature's raw value (numeric: in its unit; date: days since 1970-01-01; boolean: 0
	/// or 1; one-hot: 0 or 1 per listed level) is normalised with its entry of
	/// `normalisation` ([`FeatureScaling::apply`]). A missing value follows the feature's
	/// [`MissingPolicy`]: `DropRow` leaves the row out; `ImputeMilli` stands in the constant
	/// (thousandths of the unit; for a date, of a day; all zeros for one-hot); `Indicator`
	/// gives 0 after scaling (the scaling's mean) and 1 on the indicator input, which is
	/// normalised with its own entry like any input. Rows with a missing outcome are left out.
	///
	/// Errors: [`EncodeError::Question`] if the table's schema fails [`Self::check_schema`];
	/// [`EncodeError::NormalisationLength`], [`EncodeError::NonPositiveScale`];
	/// [`EncodeError::RowOutOfRange`] for an index past the table, checked before any row is
	/// encoded; [`EncodeError::InvalidValue`] for a hand-built table whose values do not fit.
	#[cfg(feature = "std")]
	pub fn encode_rows(
		&self,
		table: &Table,
		rows: &[u32],
		normalisation: &[FeatureScaling],
	) -> Result<EncodedRows, EncodeError> {
		let schema = &table.schema;
		self.check_schema(schema).map_err(EncodeError::Question)?;
		let width = self.encoded_width();
		if normalisation.len() != width {
			return Err(EncodeError::NormalisationLength);
		}
		if normalisation.iter().any(|s| s.scale <= 0) {
			return Err(EncodeError::NonPositiveScale);
		}
		if let Some(&row) = rows.iter().find(|&&r| r as usize >= table.rows.len()) {
			return Err(EncodeError::RowOutOfRange { row });
		}
		let outcome = ColumnRef::new(schema, &self.outcome.column)?;
		let features = self
			.features
			.iter()
			.map(|f| ColumnRef::new(schema, &f.column))
			.collect::<Result<Vec<_>, _>>()?;

		let mut inputs = Vec::with_capacity(rows.len().saturating_mul(width));
		let mut labels = Vec::with_capacity(rows.len());
		let mut used = Vec::with_capacity(rows.len());
		let mut example = Vec::with_capacity(width);
		'rows: for &row in rows {
			let values = &table.rows[row as usize];
			let value = |column: &ColumnRef| match values.get(column.position) {
				Some(value) => Ok(*value),
				None => Err(EncodeError::InvalidValue { row, column: column.position as u32 }),
			};
			let invalid = |column: &ColumnRef| EncodeError::InvalidValue {
				row,
				column: column.position as u32,
			};
			let label = match (&self.outcome.event, value(&outcome)?) {
				(_, None) => continue 'rows,
				(OutcomeEvent::IsTrue, Some(Value::Bool(b))) => b,
				(OutcomeEvent::IsLevel(level), Some(Value::Level(code))) => {
					let text = outcome.level(code).ok_or_else(|| invalid(&outcome))?;
					text == level
				},
				(OutcomeEvent::AtLeastMilli(threshold), Some(Value::Number(v))) => v >= *threshold,
				_ => return Err(invalid(&outcome)),
			};
			// Each input, raw, or `None` for "the scaling's mean" (0 once normalised).
			example.clear();
			for (feature, column) in self.features.iter().zip(&features) {
				let value = value(column)?;
				if value.is_none() && feature.missing == MissingPolicy::DropRow {
					continue 'rows;
				}
				let imputed = match feature.missing {
					MissingPolicy::ImputeMilli(milli) => Some(milli as f64 / 1000.0),
					_ => None,
				};
				match (&feature.encoding, value) {
					(Encoding::Numeric, Some(Value::Number(v))) => {
						example.push(Some(v as f64 / 1000.0))
					},
					(Encoding::Numeric, Some(Value::Date(days))) => example.push(Some(days as f64)),
					(Encoding::Boolean, Some(Value::Bool(b))) => {
						example.push(Some(if b { 1.0 } else { 0.0 }))
					},
					(Encoding::OneHot { levels }, Some(Value::Level(code))) => {
						let text = column.level(code).ok_or_else(|| invalid(column))?;
						example
							.extend(levels.iter().map(|l| Some(if l == text { 1.0 } else { 0.0 })));
					},
					(Encoding::Numeric | Encoding::Boolean, None) => example.push(imputed),
					(Encoding::OneHot { levels }, None) => {
						let zero = imputed.map(|_| 0.0);
						example.extend(core::iter::repeat_n(zero, levels.len()));
					},
					_ => return Err(invalid(column)),
				}
				if feature.missing == MissingPolicy::Indicator {
					example.push(Some(if value.is_none() { 1.0 } else { 0.0 }));
				}
			}
			inputs.extend(
				example
					.iter()
					.zip(normalisation)
					.map(|(raw, scaling)| raw.map_or(0.0, |raw| scaling.apply(raw))),
			);
			labels.push(if label { 1.0 } else { 0.0 });
			used.push(row);
		}
		let features = ndarray::Array2::from_shape_vec((used.len(), width), inputs)
			.map_err(|_| EncodeError::NormalisationLength)?;
		Ok(EncodedRows {
			set: LabelledSet { features, labels: ndarray::Array1::from(labels) },
			used,
		})
	}
}

/// `(min + max) / 2` and `(max − min) / 4` (at least one unit), from values in `1/per_unit`
/// of a unit, as Q15.16, rounded to nearest and saturating.
fn range_scaling(min: i64, max: i64, per_unit: i64) -> FeatureScaling {
	let one = i128::from(fixed::ONE);
	let (min, max, per_unit) = (i128::from(min), i128::from(max), i128::from(per_unit));
	let to_q16 = |numerator: i128, denominator: i128| {
		let scaled = numerator * one;
		// Round half away from zero, like `fixed::encode`.
		let rounded = (scaled + scaled.signum() * denominator / 2) / denominator;
		rounded.clamp(i128::from(i32::MIN), i128::from(i32::MAX)) as i32
	};
	FeatureScaling {
		mean: to_q16(min + max, 2 * per_unit),
		scale: to_q16(max - min, 4 * per_unit).max(fixed::ONE),
	}
}

/// A question's column in a table: its position and, for a categorical, its levels.
#[cfg(feature = "std")]
struct ColumnRef<'a> {
	position: usize,
	column: &'a Column,
}

#[cfg(feature = "std")]
impl<'a> ColumnRef<'a> {
	fn new(schema: &'a DatasetSchema, name: &str) -> Result<Self, EncodeError> {
		// check_schema has found every column; this cannot fail, but must not panic either.
		let position = schema
			.position(name)
			.ok_or(EncodeError::Question(QuestionError::OutcomeColumnMissing))?;
		Ok(Self { position, column: &schema.columns[position] })
	}

	/// The text of level `code`, `None` if the column has no such level.
	fn level(&self, code: u16) -> Option<&'a String> {
		match &self.column.kind {
			ColumnKind::Categorical { levels } => levels.get(usize::from(code)),
			_ => None,
		}
	}
}
