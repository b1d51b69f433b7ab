//! One IVF treatment cycle as a clinic records it, and its feature vector for the models.
//!
//! [`IvfCycle`] holds the fields of the HFEA anonymised register (patient age, previous IVF
//! cycles, causes of infertility, fresh or frozen, eggs collected, embryos created, day of
//! transfer, PGT, elective single embryo transfer, live birth) plus what clinic systems add
//! (AMH, BMI, antral follicle count, Gardner embryo grade), see `docs/domain.md`. It holds no
//! identifier: the clinic keeps the raw patient id, and only a salted pseudonym travels.
//!
//! [`feature_vector`] maps a cycle to the model's input, normalised with the task's public
//! [`FeatureScaling`]. The clinic's off-chain worker and the native simulation both use it,
//! so a model trained by one reads the other's data the same way.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use ndarray::{Array1, Array2};
use scale_info::TypeInfo;

use crate::{fixed, train::LabelledSet};

/// Gardner's letter grade for the inner cell mass or the trophectoderm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum CellGrade {
	/// Many tightly packed cells (best).
	A,
	/// Several loosely grouped cells.
	B,
	/// Very few cells (worst).
	C,
}

impl CellGrade {
	/// 2 for A, 1 for B, 0 for C: higher is better, as a model input.
	pub fn score(self) -> f64 {
		match self {
			Self::A => 2.0,
			Self::B => 1.0,
			Self::C => 0.0,
		}
	}

	/// The grade's letter.
	pub fn letter(self) -> char {
		match self {
			Self::A => 'A',
			Self::B => 'B',
			Self::C => 'C',
		}
	}

	/// The grade for a letter, `None` for anything but A, B or C.
	pub fn from_letter(letter: char) -> Option<Self> {
		match letter {
			'A' => Some(Self::A),
			'B' => Some(Self::B),
			'C' => Some(Self::C),
			_ => None,
		}
	}
}

/// Gardner blastocyst grade, written like `4AA`: expansion 1–6, inner cell mass, trophectoderm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct GardnerGrade {
	/// Blastocyst expansion, 1 (early) to 6 (hatched).
	pub expansion: u8,
	/// Inner cell mass grade.
	pub inner_cell_mass: CellGrade,
	/// Trophectoderm grade.
	pub trophectoderm: CellGrade,
}

impl GardnerGrade {
	/// Parses `"4AA"`-style text; `None` if it is not a Gardner grade.
	pub fn parse(text: &str) -> Option<Self> {
		let mut chars = text.trim().chars();
		let expansion = chars.next()?.to_digit(10)? as u8;
		let inner_cell_mass = CellGrade::from_letter(chars.next()?)?;
		let trophectoderm = CellGrade::from_letter(chars.next()?)?;
		if chars.next().is_some() || !(1..=6).contains(&expansion) {
			return None;
		}
		Some(Self { expansion, inner_cell_mass, trophectoderm })
	}
}

impl core::fmt::Display for GardnerGrade {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		write!(
			f,
			"{}{}{}",
			self.expansion,
			self.inner_cell_mass.letter(),
			self.trophectoderm.letter()
		)
	}
}

/// Causes of infertility as the HFEA register codes them; several may apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct InfertilityCauses {
	/// Tubal disease.
	pub tubal: bool,
	/// Ovulatory disorder.
	pub ovulatory: bool,
	/// Male factor.
	pub male_factor: bool,
	/// Unexplained infertility.
	pub unexplained: bool,
	/// Endometriosis.
	pub endometriosis: bool,
}

/// One IVF cycle with an embryo transfer, without any identifier of the patient.
#[derive(Clone, Copy, Debug, PartialEq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct IvfCycle {
	/// Patient's age at treatment, in years.
	pub age_years: u8,
	/// Anti-Müllerian hormone, in hundredths of ng/mL (ovarian reserve).
	pub amh_centi_ng_ml: u16,
	/// Body-mass index, in tenths of kg/m².
	pub bmi_deci: u16,
	/// Antral follicle count at baseline ultrasound.
	pub antral_follicle_count: u8,
	/// Earlier IVF cycles of this patient.
	pub previous_ivf_cycles: u8,
	/// Causes of infertility.
	pub causes: InfertilityCauses,
	/// Frozen (thawed) embryo transfer rather than fresh.
	pub frozen: bool,
	/// Eggs collected at retrieval.
	pub eggs_collected: u8,
	/// Embryos created.
	pub embryos_created: u8,
	/// Grade of the (best) embryo transferred.
	pub embryo_grade: GardnerGrade,
	/// Day of development at transfer (3 = cleavage stage, 5 or 6 = blastocyst).
	pub transfer_day: u8,
	/// Pre-implantation genetic testing for aneuploidy was done.
	pub pgt_a: bool,
	/// Elective single embryo transfer.
	pub elective_single_embryo_transfer: bool,
	/// The outcome, and the label the models learn: a live birth occurred.
	pub live_birth: bool,
}

/// Number of model inputs per cycle.
pub const FEATURE_COUNT: usize = 19;

/// Names of the model inputs, in order.
pub const FEATURE_NAMES: [&str; FEATURE_COUNT] = [
	"age_years",
	"amh_ng_ml",
	"bmi",
	"antral_follicle_count",
	"previous_ivf_cycles",
	"cause_tubal",
	"cause_ovulatory",
	"cause_male_factor",
	"cause_unexplained",
	"cause_endometriosis",
	"frozen",
	"eggs_collected",
	"embryos_created",
	"embryo_expansion",
	"embryo_inner_cell_mass",
	"embryo_trophectoderm",
	"transfer_day",
	"pgt_a",
	"elective_single_embryo_transfer",
];

/// How one input is centred and scaled: `(raw − mean) / scale`, both in Q15.16 so the spec
/// that carries them hashes to the same id everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct FeatureScaling {
	/// Value subtracted, Q15.16.
	pub mean: i32,
	/// Value divided by, Q15.16; must be positive.
	pub scale: i32,
}

impl FeatureScaling {
	/// Scaling from real numbers (rounded to Q15.16).
	pub fn new(mean: f64, scale: f64) -> Self {
		Self { mean: fixed::encode(mean), scale: fixed::encode(scale) }
	}

	/// Applies the scaling to one raw value.
	pub fn apply(&self, raw: f64) -> f64 {
		(raw - fixed::decode(self.mean)) / fixed::decode(self.scale)
	}
}

/// The input does not match the task's normalisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeatureError {
	/// The normalisation has a different number of entries than [`FEATURE_COUNT`].
	NormalisationLength,
	/// A scale is zero or negative.
	NonPositiveScale,
}

/// Raw (unnormalised) model inputs of a cycle, in the order of [`FEATURE_NAMES`].
pub fn raw_features(cycle: &IvfCycle) -> [f64; FEATURE_COUNT] {
	let flag = |b: bool| if b { 1.0 } else { 0.0 };
	let grade = cycle.embryo_grade;
	[
		cycle.age_years as f64,
		cycle.amh_centi_ng_ml as f64 / 100.0,
		cycle.bmi_deci as f64 / 10.0,
		cycle.antral_follicle_count as f64,
		cycle.previous_ivf_cycles as f64,
		flag(cycle.causes.tubal),
		flag(cycle.causes.ovulatory),
		flag(cycle.causes.male_factor),
		flag(cycle.causes.unexplained),
		flag(cycle.causes.endometriosis),
		flag(cycle.frozen),
		cycle.eggs_collected as f64,
		cycle.embryos_created as f64,
		grade.expansion as f64,
		grade.inner_cell_mass.score(),
		grade.trophectoderm.score(),
		cycle.transfer_day as f64,
		flag(cycle.pgt_a),
		flag(cycle.elective_single_embryo_transfer),
	]
}

/// The model's input for a cycle: raw features normalised with the task's scaling.
pub fn feature_vector(
	cycle: &IvfCycle,
	normalisation: &[FeatureScaling],
) -> Result<[f64; FEATURE_COUNT], FeatureError> {
	check_normalisation(normalisation)?;
	let mut features = raw_features(cycle);
	for (value, scaling) in features.iter_mut().zip(normalisation) {
		*value = scaling.apply(*value);
	}
	Ok(features)
}

/// Features and live-birth labels of many cycles, ready for training or evaluation.
pub fn labelled_set(
	cycles: &[IvfCycle],
	normalisation: &[FeatureScaling],
) -> Result<LabelledSet, FeatureError> {
	check_normalisation(normalisation)?;
	let mut features = Array2::zeros((cycles.len(), FEATURE_COUNT));
	for (mut row, cycle) in features.rows_mut().into_iter().zip(cycles) {
		row.assign(&Array1::from(feature_vector(cycle, normalisation)?.to_vec()));
	}
	let labels = cycles.iter().map(|c| if c.live_birth { 1.0 } else { 0.0 }).collect();
	Ok(LabelledSet { features, labels })
}

/// Public scaling for IVF inputs from clinical reference ranges, not from any clinic's data, so
/// a task can fix it before it sees a single record: centre near a typical patient, scale by
/// roughly one population standard deviation.
pub fn reference_normalisation() -> Vec<FeatureScaling> {
	const REFERENCE: [(f64, f64); FEATURE_COUNT] = [
		(35.0, 5.0),  // age, years
		(2.5, 2.0),   // AMH, ng/mL
		(25.0, 4.5),  // BMI
		(12.0, 7.0),  // antral follicle count
		(0.7, 1.0),   // previous IVF cycles
		(0.15, 0.36), // tubal
		(0.2, 0.4),   // ovulatory
		(0.35, 0.48), // male factor
		(0.25, 0.43), // unexplained
		(0.1, 0.3),   // endometriosis
		(0.4, 0.49),  // frozen
		(10.0, 6.0),  // eggs collected
		(5.0, 3.5),   // embryos created
		(4.0, 1.2),   // expansion
		(1.0, 0.8),   // inner cell mass
		(1.0, 0.8),   // trophectoderm
		(4.5, 1.0),   // transfer day
		(0.25, 0.43), // PGT-A
		(0.6, 0.49),  // eSET
	];
	REFERENCE
		.iter()
		.map(|&(mean, scale)| FeatureScaling::new(mean, scale))
		.collect()
}

fn check_normalisation(normalisation: &[FeatureScaling]) -> Result<(), FeatureError> {
	if normalisation.len() != FEATURE_COUNT {
		return Err(FeatureError::NormalisationLength);
	}
	if normalisation.iter().any(|s| s.scale <= 0) {
		return Err(FeatureError::NonPositiveScale);
	}
	Ok(())
}
