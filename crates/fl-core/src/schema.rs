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
//!
//! ## JSON
//!
//! Clinics write schemas as JSON (`table::read_schema_json`, `std` only; `ivf-synth` and
//! `study-synth` write `schema.json`), serde's plain shape of these types:
//!
//! ```json
//! { "columns": [
//!   { "name": "amh_ng_ml", "kind": { "Numeric": { "unit": "ng/mL", "min_milli": 0,
//!     "max_milli": 25000 } }, "missing_allowed": true },
//!   { "name": "cycle_type", "kind": { "Categorical": { "levels": ["fresh", "frozen"] } },
//!     "missing_allowed": false },
//!   { "name": "pgt_a", "kind": "Boolean", "missing_allowed": false },
//!   { "name": "stimulation_start", "kind": "Date", "missing_allowed": false }
//! ] }
//! ```

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
	/// that is empty, longer than [`MAX_NAME_LEN`] or contains a comma or a control character
	/// (either would break the file's fields or lines), or a level twice.
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

impl core::fmt::Display for SchemaError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		let column = |f: &mut core::fmt::Formatter<'_>, column: u32, what: &str| {
			write!(f, "column {} (1-based): {what}", column.saturating_add(1))
		};
		match *self {
			Self::NoColumns => f.write_str("the schema declares no column"),
			Self::TooManyColumns => write!(f, "more than {MAX_COLUMNS} columns"),
			Self::InvalidName { column: c } => column(
				f,
				c,
				"name empty, too long, not ASCII letters, digits and `_`, or reserved",
			),
			Self::DuplicateName { column: c } => column(f, c, "name already used"),
			Self::InvalidRange { column: c } => {
				column(f, c, "minimum above maximum, or unit empty or too long")
			},
			Self::InvalidLevels { column: c } => column(
				f,
				c,
				"levels: need 2 to 64 unique, non-empty levels without commas or control characters",
			),
			Self::NotCommonDefinition { column: c } => {
				column(f, c, "a common-data-model name with another type, unit, range or levels")
			},
		}
	}
}

impl DatasetSchema {
	/// Checks the schema, column by column in order, and names the first column at fault.
	///
	/// Checked for each column: its name, that no earlier column has it, its range and unit or
	/// its levels, and, for a [`common_data_model`] name, the common definition (the column's
	/// `missing_allowed` is the clinic's own and is not compared).
	pub fn validate(&self) -> Result<(), SchemaError> {
		if self.columns.is_empty() {
			return Err(SchemaError::NoColumns);
		}
		if self.columns.len() > MAX_COLUMNS {
			return Err(SchemaError::TooManyColumns);
		}
		let common = common_data_model();
		for (i, column) in self.columns.iter().enumerate() {
			// Bounded by MAX_COLUMNS above.
			let position = i as u32;
			if !valid_name(&column.name) {
				return Err(SchemaError::InvalidName { column: position });
			}
			if self.columns[..i].iter().any(|c| c.name == column.name) {
				return Err(SchemaError::DuplicateName { column: position });
			}
			match &column.kind {
				ColumnKind::Numeric { unit, min_milli, max_milli } => {
					if min_milli > max_milli || unit.is_empty() || unit.len() > MAX_NAME_LEN {
						return Err(SchemaError::InvalidRange { column: position });
					}
				},
				ColumnKind::Categorical { levels } => {
					if !valid_levels(levels) {
						return Err(SchemaError::InvalidLevels { column: position });
					}
				},
				ColumnKind::Boolean | ColumnKind::Date => {},
			}
			if common.iter().any(|c| c.name == column.name && c.kind != column.kind) {
				return Err(SchemaError::NotCommonDefinition { column: position });
			}
		}
		Ok(())
	}

	/// The schema's id, `blake2_256(SCALE(schema))`: the same bytes, so the same id, on chain,
	/// at every clinic and in every client, whatever language encodes it.
	pub fn id(&self) -> [u8; 32] {
		sp_crypto_hashing::blake2_256(&self.encode())
	}

	/// The column named `name`, if the schema declares it.
	pub fn column(&self, name: &str) -> Option<&Column> {
		self.columns.iter().find(|c| c.name == name)
	}

	/// The 0-based position of the column named `name`: the index of its value in a row of a
	/// `table::Table` (`std` only).
	pub fn position(&self, name: &str) -> Option<usize> {
		self.columns.iter().position(|c| c.name == name)
	}
}

/// A column name: ASCII letters, digits and `_`, 1 to [`MAX_NAME_LEN`] bytes, and not one of
/// the identifier columns, which every file has outside the schema.
fn valid_name(name: &str) -> bool {
	!name.is_empty()
		&& name.len() <= MAX_NAME_LEN
		&& name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
		&& name != PSEUDONYM_COLUMN
		&& name != RAW_ID_COLUMN
}

/// Levels as a file can hold them: a comma would split the field, a control character (a line
/// break above all) the line.
fn valid_levels(levels: &[String]) -> bool {
	(2..=MAX_LEVELS).contains(&levels.len())
		&& levels.iter().enumerate().all(|(i, level)| {
			!level.is_empty()
				&& level.len() <= MAX_NAME_LEN
				&& !level.chars().any(|c| c == ',' || c.is_control())
				&& !levels[..i].contains(level)
		})
}

/// The columns of the synthetic IVF clinic files after the two identifier columns, in file
/// order (`synth::CSV_HEADER` is built from them): the HFEA register's fields and what clinic
/// systems add.
pub const IVF_COLUMNS: [&str; 18] = [
	"age",
	"amh_ng_ml",
	"bmi",
	"antral_follicle_count",
	"previous_ivf_cycles",
	"cause_tubal",
	"cause_ovulatory",
	"cause_male_factor",
	"cause_unexplained",
	"cause_endometriosis",
	"cycle_type",
	"eggs_collected",
	"embryos_created",
	"embryo_grade",
	"transfer_day",
	"pgt_a",
	"elective_single_embryo_transfer",
	"live_birth",
];

/// The 54 Gardner blastocyst grades, `1AA`, `1AB`, … `6CC`: expansion 1–6, then inner cell
/// mass and trophectoderm A–C (`docs/domain.md`), in that order.
pub fn gardner_grades() -> Vec<String> {
	let mut grades = Vec::with_capacity(54);
	for expansion in '1'..='6' {
		for inner_cell_mass in ['A', 'B', 'C'] {
			for trophectoderm in ['A', 'B', 'C'] {
				grades.push([expansion, inner_cell_mass, trophectoderm].iter().collect());
			}
		}
	}
	grades
}

/// The consortium's common data model: the IVF fields every clinic writes the same way, with
/// their units, plausible ranges (thousandths of the unit) and levels.
///
/// The first eighteen are the synthetic IVF files' columns ([`IVF_COLUMNS`]): the fields of the
/// HFEA anonymised register (age, previous IVF cycles, causes of infertility, fresh or frozen,
/// eggs collected, embryos created, day of transfer, PGT-A, elective single embryo transfer,
/// live birth) and what clinic systems add (AMH, BMI, antral follicle count, Gardner embryo
/// grade), see `docs/domain.md`. The rest serve other study questions: more register fields
/// (embryos transferred, previous pregnancies and live births, egg and sperm source) and
/// stimulation and its outcomes (protocol, trigger, total FSH dose, mature oocytes,
/// blastocysts, PCOS, clinical pregnancy, ovarian hyperstimulation syndrome).
///
/// Ranges are wide enough for any real patient and narrow enough to catch a unit mistake: AMH
/// is in ng/mL (a value in pmol/L is 7.14 times larger and would mostly land above 25), BMI
/// in kg/m². Every column here has `missing_allowed: false`; whether values may be missing is
/// each dataset's own choice, which [`DatasetSchema::validate`] does not compare.
pub fn common_data_model() -> Vec<Column> {
	let numeric = |name: &str, unit: &str, min: i64, max: i64| Column {
		name: name.into(),
		kind: ColumnKind::Numeric {
			unit: unit.into(),
			min_milli: min * 1000,
			max_milli: max * 1000,
		},
		missing_allowed: false,
	};
	let boolean = |name: &str| Column {
		name: name.into(),
		kind: ColumnKind::Boolean,
		missing_allowed: false,
	};
	let categorical = |name: &str, levels: Vec<String>| Column {
		name: name.into(),
		kind: ColumnKind::Categorical { levels },
		missing_allowed: false,
	};
	let levels = |levels: &[&str]| levels.iter().map(|&l| String::from(l)).collect::<Vec<_>>();
	alloc::vec![
		// The synthetic IVF files, in file order.
		numeric("age", "years", 18, 55),
		numeric("amh_ng_ml", "ng/mL", 0, 25),
		numeric("bmi", "kg/m2", 15, 55),
		numeric("antral_follicle_count", "count", 0, 60),
		numeric("previous_ivf_cycles", "count", 0, 20),
		boolean("cause_tubal"),
		boolean("cause_ovulatory"),
		boolean("cause_male_factor"),
		boolean("cause_unexplained"),
		boolean("cause_endometriosis"),
		categorical("cycle_type", levels(&["fresh", "frozen"])),
		numeric("eggs_collected", "count", 0, 60),
		numeric("embryos_created", "count", 0, 60),
		categorical("embryo_grade", gardner_grades()),
		// Day 2 or 3 is a cleavage-stage transfer, 5 to 7 a blastocyst transfer.
		numeric("transfer_day", "day", 1, 7),
		boolean("pgt_a"),
		boolean("elective_single_embryo_transfer"),
		boolean("live_birth"),
		// More register fields.
		numeric("embryos_transferred", "count", 0, 4),
		numeric("previous_pregnancies", "count", 0, 20),
		numeric("previous_live_births", "count", 0, 20),
		categorical("egg_source", levels(&["own", "donor"])),
		categorical("sperm_source", levels(&["partner", "donor"])),
		// Stimulation and its outcomes.
		categorical("stimulation_protocol", levels(&["long_agonist", "antagonist", "mild"])),
		categorical("trigger", levels(&["hcg", "gnrh_agonist", "dual"])),
		numeric("fsh_total_dose", "IU", 0, 8000),
		numeric("mature_oocytes", "count", 0, 60),
		numeric("blastocysts", "count", 0, 40),
		boolean("pcos"),
		boolean("clinical_pregnancy"),
		boolean("ohss"),
	]
}

/// The schema of the synthetic IVF clinic files (`ivf-synth`): the [`IVF_COLUMNS`] with their
/// common definitions, none missing. `ivf-synth` writes it as `schema.json` next to the files.
pub fn ivf_schema() -> DatasetSchema {
	let common = common_data_model();
	DatasetSchema {
		columns: IVF_COLUMNS
			.iter()
			.filter_map(|&name| common.iter().find(|c| c.name == name).cloned())
			.collect(),
	}
}
