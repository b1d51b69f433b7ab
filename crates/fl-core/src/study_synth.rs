//! A second synthetic study, unlike the IVF live-birth one: ovarian hyperstimulation syndrome
//! (OHSS) after ovarian stimulation (`std` only).
//!
//! It exists to prove that the chain answers "any study question on any tabular dataset":
//! its files mix every column type (numbers, levels of common and of free categoricals,
//! booleans, a date), miss values in several columns, informatively at some clinics, and each
//! clinic writes its columns in its own order. One [`study_schema`] describes every clinic's
//! file, and one [`study_question`] (outcome `ohss`, every kind of encoding and missing-value
//! policy) is answered from them with [`StudyQuestion::public_normalisation`].
//!
//! ## Ground truth
//!
//! OHSS occurs with probability `σ(η)`, a logistic model in the recorded values, so that a
//! logistic regression can learn it: see [`ohss_logit`] and its coefficients. The risk factors
//! are those of the clinical literature (ESHRE's 2019 ovarian stimulation guideline): young
//! age, a high ovarian reserve (AMH, antral follicles), PCOS, an earlier OHSS, an hCG trigger
//! (a GnRH-agonist trigger nearly prevents it), a long agonist protocol, higher FSH doses, and
//! a low BMI; the risk falls over the years as clinics adopted agonist triggers and freeze-all.
//!
//! ## Clinics and missing values
//!
//! [`StudyProfile`]s differ in age mix, PCOS share, protocols and trigger policy, years of
//! treatment, and how often they leave AMH, BMI, the antral follicle count, the PCOS phenotype
//! or the outcome empty. AMH is missing more often when it is low (a clinic that skips the
//! test for patients whose reserve looks low): the missingness carries risk information,
//! which a missing-indicator ([`MissingPolicy::Indicator`]) lets a model use.
//!
//! Pseudonyms and key files are those of [`crate::synth`]: `blake2_256(salt ‖ raw id)` with a
//! salt per patient derived from the seed.

use crate::{
	model::sigmoid,
	question::{Encoding, FeatureColumn, MissingPolicy, Outcome, OutcomeEvent, StudyQuestion},
	rng::{self, Prng},
	schema::{
		common_data_model, Column, ColumnKind, DatasetSchema, PSEUDONYM_COLUMN, RAW_ID_COLUMN,
	},
	synth::{
		bernoulli, clinic_patient_id, hex32, pick, poisson, pseudonym, PatientSalt, SeedDerivation,
	},
	table::{days_from_civil, format_value, Value},
};

/// The study's columns in their canonical order (the schema's; files use their own).
pub const STUDY_COLUMNS: [&str; 13] = [
	"age",
	"amh_ng_ml",
	"bmi",
	"antral_follicle_count",
	"pcos",
	"pcos_phenotype",
	"previous_ohss",
	"stimulation_protocol",
	"trigger",
	"fsh_total_dose",
	"stimulation_start",
	"eggs_collected",
	"ohss",
];

/// Rotterdam PCOS phenotypes (A: hyperandrogenism, ovulatory dysfunction and polycystic
/// ovaries; B: the first two; C: hyperandrogenism and polycystic ovaries; D: ovulatory
/// dysfunction and polycystic ovaries), `none` without PCOS.
pub const PCOS_PHENOTYPES: [&str; 5] = ["none", "a", "b", "c", "d"];

/// Ages are drawn around a clinic's mean and kept in this range.
const AGE_RANGE: (f64, f64) = (20.0, 45.0);

/// Intercept of [`ohss_logit`]: about one stimulation in seven ends in OHSS of any grade over
/// the clinics of [`study_profile`].
pub const INTERCEPT: f64 = -2.3;

/// Log-odds per year of age above 33.
pub const AGE_EFFECT: f64 = -0.05;
/// Log-odds per ng/mL of AMH above 2.5.
pub const AMH_EFFECT: f64 = 0.15;
/// Log-odds per antral follicle above 12.
pub const AFC_EFFECT: f64 = 0.04;
/// Log-odds per kg/m² of BMI above 25.
pub const BMI_EFFECT: f64 = -0.05;
/// Log-odds of PCOS.
pub const PCOS_EFFECT: f64 = 0.7;
/// Log-odds added by each PCOS phenotype (none, A, B, C, D): A, the full syndrome, worst.
pub const PHENOTYPE_EFFECTS: [f64; 5] = [0.0, 0.4, 0.2, 0.0, -0.2];
/// Log-odds of an earlier OHSS.
pub const PREVIOUS_OHSS_EFFECT: f64 = 1.6;
/// Log-odds of each protocol (long agonist, antagonist, mild).
pub const PROTOCOL_EFFECTS: [f64; 3] = [0.4, 0.0, -1.0];
/// Log-odds of each trigger (hCG, GnRH agonist, dual).
pub const TRIGGER_EFFECTS: [f64; 3] = [0.6, -1.5, 0.2];
/// Log-odds per 1000 IU of total FSH above 2000 IU.
pub const FSH_EFFECT: f64 = 0.35;
/// Log-odds per year of stimulation start after 2015-01-01.
pub const YEAR_EFFECT: f64 = -0.08;

/// Days since 1970-01-01 of 2015-01-01, the reference of [`YEAR_EFFECT`].
const REFERENCE_DAY: i32 = 16_436;

/// The study's schema: [`STUDY_COLUMNS`], common definitions where the name is common
/// (`pcos_phenotype`, `previous_ohss` and `stimulation_start` are free names), missing values
/// allowed in `amh_ng_ml`, `bmi`, `antral_follicle_count`, `pcos_phenotype` and `ohss`.
pub fn study_schema() -> DatasetSchema {
	let common = common_data_model();
	let may_miss = ["amh_ng_ml", "bmi", "antral_follicle_count", "pcos_phenotype", "ohss"];
	let kind = |name: &str| match name {
		"pcos_phenotype" => ColumnKind::Categorical {
			levels: PCOS_PHENOTYPES.iter().map(|&l| l.to_string()).collect(),
		},
		"previous_ohss" => ColumnKind::Boolean,
		"stimulation_start" => ColumnKind::Date,
		_ => common
			.iter()
			.find(|c| c.name == name)
			.map_or(ColumnKind::Boolean, |c| c.kind.clone()),
	};
	DatasetSchema {
		columns: STUDY_COLUMNS
			.iter()
			.map(|&name| Column {
				name: name.to_string(),
				kind: kind(name),
				missing_allowed: may_miss.contains(&name),
			})
			.collect(),
	}
}

/// The study's question: does OHSS occur (`ohss` is true), from the values known when
/// stimulation starts (so not `eggs_collected`). It uses every encoding and every policy:
/// AMH with a missing-indicator, BMI imputed at 25 kg/m², rows without an antral follicle
/// count dropped, one-hot protocol, trigger and phenotype against a reference level
/// (antagonist, GnRH agonist, none; an unrecorded phenotype is all zeros), the start date as
/// a number of days. Encoded width 17.
pub fn study_question() -> StudyQuestion {
	let feature = |column: &str, encoding, missing| FeatureColumn {
		column: column.to_string(),
		encoding,
		missing,
	};
	let one_hot = |levels: &[&str]| Encoding::OneHot {
		levels: levels.iter().map(|&l| l.to_string()).collect(),
	};
	StudyQuestion {
		outcome: Outcome { column: "ohss".into(), event: OutcomeEvent::IsTrue },
		features: vec![
			feature("age", Encoding::Numeric, MissingPolicy::DropRow),
			feature("amh_ng_ml", Encoding::Numeric, MissingPolicy::Indicator),
			feature("bmi", Encoding::Numeric, MissingPolicy::ImputeMilli(25_000)),
			feature("antral_follicle_count", Encoding::Numeric, MissingPolicy::DropRow),
			feature("pcos", Encoding::Boolean, MissingPolicy::DropRow),
			feature(
				"pcos_phenotype",
				one_hot(&["a", "b", "c", "d"]),
				MissingPolicy::ImputeMilli(0),
			),
			feature("previous_ohss", Encoding::Boolean, MissingPolicy::DropRow),
			feature(
				"stimulation_protocol",
				one_hot(&["long_agonist", "mild"]),
				MissingPolicy::DropRow,
			),
			feature("trigger", one_hot(&["hcg", "dual"]), MissingPolicy::DropRow),
			feature("fsh_total_dose", Encoding::Numeric, MissingPolicy::DropRow),
			feature("stimulation_start", Encoding::Numeric, MissingPolicy::DropRow),
		],
	}
}

/// How one synthetic clinic of the study differs from the others.
#[derive(Clone, Debug, PartialEq)]
pub struct StudyProfile {
	/// Mean age of its patients, years.
	pub age_mean: f64,
	/// Share of patients with PCOS.
	pub pcos_share: f64,
	/// Share of patients with an earlier OHSS (doubled with PCOS).
	pub previous_ohss_share: f64,
	/// Shares of the protocols: long agonist, antagonist, mild.
	pub protocol_mix: [f64; 3],
	/// Share of antagonist cycles triggered with a GnRH agonist (raised for high responders).
	pub agonist_trigger_share: f64,
	/// First and last year of its stimulations.
	pub years: (i32, i32),
	/// Chance AMH is not recorded when it is below 1.5 ng/mL, and when it is not.
	pub amh_missing: (f64, f64),
	/// Chance BMI is not recorded.
	pub bmi_missing: f64,
	/// Chance the antral follicle count is not recorded.
	pub afc_missing: f64,
	/// Chance a PCOS patient's phenotype is not recorded.
	pub phenotype_missing: f64,
	/// Chance the outcome is unknown (lost to follow-up).
	pub outcome_missing: f64,
}

/// The profile of clinic `index` (0-based): four distinct clinics, repeated beyond four.
pub fn study_profile(index: usize) -> StudyProfile {
	let p = |age_mean,
	         pcos_share,
	         previous_ohss_share,
	         protocol_mix,
	         agonist_trigger_share,
	         years,
	         amh_missing,
	         bmi_missing,
	         afc_missing,
	         phenotype_missing,
	         outcome_missing| StudyProfile {
		age_mean,
		pcos_share,
		previous_ohss_share,
		protocol_mix,
		agonist_trigger_share,
		years,
		amh_missing,
		bmi_missing,
		afc_missing,
		phenotype_missing,
		outcome_missing,
	};
	match index % 4 {
		// Young, PCOS-heavy patients, long agonist protocols and hCG triggers, full records.
		0 => p(
			31.0,
			0.25,
			0.06,
			[0.5, 0.45, 0.05],
			0.2,
			(2015, 2019),
			(0.02, 0.02),
			0.0,
			0.0,
			0.1,
			0.01,
		),
		// Older patients, antagonist cycles with agonist triggers; AMH often skipped when low.
		1 => p(
			38.0,
			0.08,
			0.03,
			[0.1, 0.8, 0.1],
			0.6,
			(2019, 2024),
			(0.35, 0.08),
			0.15,
			0.0,
			0.5,
			0.03,
		),
		// Public hospital: mixed patients, BMI and antral counts often unrecorded.
		2 => p(
			34.0,
			0.15,
			0.04,
			[0.3, 0.6, 0.1],
			0.3,
			(2016, 2023),
			(0.15, 0.05),
			0.2,
			0.06,
			0.3,
			0.02,
		),
		// Mild-stimulation clinic.
		_ => p(
			35.0,
			0.12,
			0.04,
			[0.05, 0.35, 0.6],
			0.3,
			(2017, 2024),
			(0.10, 0.03),
			0.1,
			0.03,
			0.2,
			0.02,
		),
	}
}

/// One generated row: the raw id (which stays at the clinic), the pseudonym, the values in
/// the order of [`STUDY_COLUMNS`] (`None` where the clinic left the field empty), and the true
/// probability of OHSS the outcome was drawn with.
#[derive(Clone, Debug, PartialEq)]
pub struct StudyRecord {
	/// Raw clinic-local identifier, `PATIENT-<clinic>-<n>`.
	pub raw_patient_id: String,
	/// `blake2_256(patient salt ‖ raw id)`.
	pub pseudonym: [u8; 32],
	/// Values in [`STUDY_COLUMNS`] order, as the file holds them.
	pub values: Vec<Option<Value>>,
	/// `σ(`[`ohss_logit`]`)` of the patient's true values: the best any model can predict.
	pub probability: f64,
}

/// A patient's true values, before the clinic leaves some unrecorded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StudyPatient {
	/// Age, years.
	pub age: u32,
	/// AMH, ng/mL (two decimals).
	pub amh_ng_ml: f64,
	/// BMI, kg/m² (one decimal).
	pub bmi: f64,
	/// Antral follicle count.
	pub antral_follicle_count: u32,
	/// PCOS phenotype: index into [`PCOS_PHENOTYPES`], 0 without PCOS.
	pub phenotype: usize,
	/// An earlier OHSS.
	pub previous_ohss: bool,
	/// Protocol: long agonist, antagonist, mild.
	pub protocol: usize,
	/// Trigger: hCG, GnRH agonist, dual.
	pub trigger: usize,
	/// Total FSH dose, IU.
	pub fsh_total_dose: u32,
	/// Stimulation start, days since 1970-01-01.
	pub stimulation_start: i32,
	/// Eggs collected.
	pub eggs_collected: u32,
}

/// The ground truth's log-odds of OHSS for a patient: [`INTERCEPT`] plus each effect times the
/// patient's value relative to its reference.
pub fn ohss_logit(patient: &StudyPatient) -> f64 {
	let effect = |effects: &[f64], i: usize| effects.get(i).copied().unwrap_or(0.0);
	let pcos = if patient.phenotype > 0 { PCOS_EFFECT } else { 0.0 };
	let previous_ohss = if patient.previous_ohss { PREVIOUS_OHSS_EFFECT } else { 0.0 };
	INTERCEPT
		+ AGE_EFFECT * (patient.age as f64 - 33.0)
		+ AMH_EFFECT * (patient.amh_ng_ml - 2.5)
		+ AFC_EFFECT * (patient.antral_follicle_count as f64 - 12.0)
		+ BMI_EFFECT * (patient.bmi - 25.0)
		+ pcos + effect(&PHENOTYPE_EFFECTS, patient.phenotype)
		+ previous_ohss
		+ effect(&PROTOCOL_EFFECTS, patient.protocol)
		+ effect(&TRIGGER_EFFECTS, patient.trigger)
		+ FSH_EFFECT * (patient.fsh_total_dose as f64 - 2000.0) / 1000.0
		+ YEAR_EFFECT * (patient.stimulation_start - REFERENCE_DAY) as f64 / 365.25
}

/// The study's generator: clinic profiles and the seed.
#[derive(Clone, Debug)]
pub struct StudyGenerator {
	profiles: Vec<StudyProfile>,
	seeds: SeedDerivation,
}

impl StudyGenerator {
	/// A generator for `clinics` clinics (profiles from [`study_profile`]) and a seed.
	pub fn new(clinics: usize, seed: u64) -> Self {
		let profiles = (0..clinics.max(1)).map(study_profile).collect();
		Self { profiles, seeds: SeedDerivation::new("study-synth", seed) }
	}

	/// The clinics' profiles.
	pub fn profiles(&self) -> &[StudyProfile] {
		&self.profiles
	}

	/// The salt of patient `patient` (1-based) of clinic `clinic` (1-based; 0 for the test
	/// set), as [`crate::synth::Generator::patient_salt`] but under this study's own domain.
	pub fn patient_salt(&self, clinic: usize, patient: usize) -> [u8; 32] {
		self.seeds.patient_salt(clinic, patient)
	}

	/// The key file of clinic `clinic` (1-based) for its first `rows` patients.
	pub fn clinic_salts(&self, clinic: usize, rows: usize) -> Vec<PatientSalt> {
		self.seeds.clinic_salts(clinic, rows)
	}

	/// `rows` stimulations of clinic `clinic` (1-based), from that clinic's own stream.
	pub fn clinic_records(&self, clinic: usize, rows: usize) -> Vec<StudyRecord> {
		let profile = &self.profiles[clinic.saturating_sub(1) % self.profiles.len()];
		let mut prng = rng::prng(self.seeds.derive("clinic", clinic, &[]));
		(1..=rows)
			.map(|n| {
				let raw_patient_id = clinic_patient_id(clinic, n);
				self.record(profile, &mut prng, raw_patient_id, self.patient_salt(clinic, n))
			})
			.collect()
	}

	/// A held-out test set drawn from all clinics in equal shares (clinic picked per row).
	pub fn test_records(&self, rows: usize) -> Vec<StudyRecord> {
		let mut prng = rng::prng(self.seeds.derive("test", 0, &[]));
		(1..=rows)
			.map(|n| {
				let profile =
					&self.profiles[rng::below(&mut prng, self.profiles.len() as u64) as usize];
				let raw_patient_id = format!("PATIENT-TEST-{n:06}");
				self.record(profile, &mut prng, raw_patient_id, self.patient_salt(0, n))
			})
			.collect()
	}

	/// The header of clinic `clinic`'s file (1-based; 0 for the test set): the identifier
	/// columns and [`STUDY_COLUMNS`] in an order of the clinic's own, different from the test
	/// set's canonical order and from every other clinic's.
	pub fn column_order(&self, clinic: usize) -> Vec<&'static str> {
		let canonical: Vec<&'static str> =
			[RAW_ID_COLUMN, PSEUDONYM_COLUMN].into_iter().chain(STUDY_COLUMNS).collect();
		let mut taken = vec![canonical.clone()];
		for k in 1..=clinic {
			let mut order = canonical.clone();
			rng::shuffle(&mut rng::prng(self.seeds.derive("columns", k, &[])), &mut order);
			// A shuffle may repeat an earlier order; rotating moves it off (at most once per
			// earlier order).
			for _ in 0..=taken.len() {
				if !taken.contains(&order) {
					break;
				}
				order.rotate_left(1);
			}
			taken.push(order);
		}
		taken.pop().unwrap_or(canonical)
	}

	fn record(
		&self,
		profile: &StudyProfile,
		prng: &mut Prng,
		raw_patient_id: String,
		salt: [u8; 32],
	) -> StudyRecord {
		let patient = draw_patient(profile, prng);
		let probability = sigmoid(ohss_logit(&patient));
		let ohss = bernoulli(prng, probability);
		// What the clinic records: some fields left empty, as the profile says.
		let amh_missing =
			if patient.amh_ng_ml < 1.5 { profile.amh_missing.0 } else { profile.amh_missing.1 };
		let kept = |prng: &mut Prng, missing: f64, value: Value| {
			(!bernoulli(prng, missing)).then_some(value)
		};
		let milli = |x: f64| Value::Number((x * 1000.0).round() as i64);
		let amh = kept(prng, amh_missing, milli(patient.amh_ng_ml));
		let bmi = kept(prng, profile.bmi_missing, milli(patient.bmi));
		let afc = kept(prng, profile.afc_missing, milli(patient.antral_follicle_count as f64));
		let phenotype_missing = if patient.phenotype > 0 { profile.phenotype_missing } else { 0.0 };
		let phenotype = kept(prng, phenotype_missing, Value::Level(patient.phenotype as u16));
		let outcome = kept(prng, profile.outcome_missing, Value::Bool(ohss));
		let values = vec![
			Some(milli(patient.age as f64)),
			amh,
			bmi,
			afc,
			Some(Value::Bool(patient.phenotype > 0)),
			phenotype,
			Some(Value::Bool(patient.previous_ohss)),
			Some(Value::Level(patient.protocol as u16)),
			Some(Value::Level(patient.trigger as u16)),
			Some(milli(patient.fsh_total_dose as f64)),
			Some(Value::Date(patient.stimulation_start)),
			Some(milli(patient.eggs_collected as f64)),
			outcome,
		];
		StudyRecord {
			pseudonym: pseudonym(&salt, &raw_patient_id),
			raw_patient_id,
			values,
			probability,
		}
	}
}

/// Draws one patient and stimulation of a clinic.
fn draw_patient(profile: &StudyProfile, prng: &mut Prng) -> StudyPatient {
	let age = (profile.age_mean + 4.0 * rng::standard_normal(prng))
		.round()
		.clamp(AGE_RANGE.0, AGE_RANGE.1);
	let pcos = bernoulli(prng, profile.pcos_share);
	// Rotterdam phenotypes among PCOS patients: A 45 %, B 15 %, C 25 %, D 15 %.
	let phenotype = if pcos { 1 + pick(prng, &[0.45, 0.15, 0.25, 0.15]) } else { 0 };
	// Ovarian reserve falls with age and is high with PCOS.
	let reserve = rng::standard_normal(prng);
	let amh = libm::exp(
		libm::log(2.8) - 0.06 * (age - 33.0) + 0.6 * reserve + if pcos { 0.9 } else { 0.0 },
	)
	.clamp(0.05, 24.9);
	let amh = (amh * 100.0).round() / 100.0;
	let afc = (5.0 + 2.5 * amh + 3.0 * rng::standard_normal(prng)).round().clamp(1.0, 59.0);
	let bmi =
		(25.0 + if pcos { 2.0 } else { 0.0 } + 4.5 * rng::standard_normal(prng)).clamp(16.0, 50.0);
	let bmi = (bmi * 10.0).round() / 10.0;
	let previous_ohss = bernoulli(prng, profile.previous_ohss_share * if pcos { 2.0 } else { 1.0 });
	let protocol = pick(prng, &profile.protocol_mix);
	// A GnRH-agonist trigger needs an unsuppressed pituitary: not after a long agonist
	// protocol. Clinics choose it more for high responders.
	let high_responder = amh > 3.5 || afc > 20.0;
	let trigger = if protocol == 0 {
		if bernoulli(prng, 0.1) {
			2
		} else {
			0
		}
	} else {
		let agonist =
			(profile.agonist_trigger_share * if high_responder { 1.5 } else { 0.6 }).min(0.95);
		if bernoulli(prng, agonist) {
			1
		} else if bernoulli(prng, 0.25) {
			2
		} else {
			0
		}
	};
	// Doses follow the protocol and are lowered for a high reserve; given in 75 IU ampoules.
	let base_dose = [2500.0, 2000.0, 900.0][protocol.min(2)];
	let dose = base_dose
		* libm::exp(-0.25 * (libm::log(amh) - libm::log(2.5)) + 0.15 * rng::standard_normal(prng));
	let fsh_total_dose = ((dose / 75.0).round() * 75.0).clamp(300.0, 7500.0) as u32;
	let first = days_from_civil(profile.years.0, 1, 1).unwrap_or(REFERENCE_DAY);
	let last = days_from_civil(profile.years.1, 12, 31).unwrap_or(REFERENCE_DAY);
	let span = (last - first).max(0) as u64 + 1;
	let stimulation_start = first + rng::below(prng, span) as i32;
	let response = [1.1, 1.0, 0.5][protocol.min(2)];
	let eggs_collected = poisson(prng, response * (2.0 + 0.7 * afc)).min(59) as u32;
	StudyPatient {
		age: age as u32,
		amh_ng_ml: amh,
		bmi,
		antral_follicle_count: afc as u32,
		phenotype,
		previous_ohss,
		protocol,
		trigger,
		fsh_total_dose,
		stimulation_start,
		eggs_collected,
	}
}

/// Records as a CSV file's text with the columns in `order` (header line first): identifier
/// columns and [`STUDY_COLUMNS`] names, any order. A name outside both gives empty fields.
pub fn study_csv(records: &[StudyRecord], order: &[&str]) -> String {
	let schema = study_schema();
	let mut text = order.join(",");
	text.push('\n');
	for record in records {
		let fields: Vec<String> = order
			.iter()
			.map(|&name| match name {
				RAW_ID_COLUMN => record.raw_patient_id.clone(),
				PSEUDONYM_COLUMN => hex32(&record.pseudonym),
				_ => schema
					.position(name)
					.and_then(|c| Some((record.values.get(c).copied()??, &schema.columns[c])))
					.and_then(|(value, column)| format_value(value, &column.kind))
					.unwrap_or_default(),
			})
			.collect();
		text.push_str(&fields.join(","));
		text.push('\n');
	}
	text
}
