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
//! Only binary outcomes exist today. A count or a regression outcome would be another
//! [`OutcomeEvent`]-like enum on [`Outcome`] together with a model head and loss for it
//! (Poisson or squared error): the encoding of features would not change.

use alloc::{string::String, vec::Vec};
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

#[allow(unused_imports)]
use crate::schema::DatasetSchema;

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
