//! Synthetic IVF clinics for tests, demos and the federated simulation (`std` only).
//!
//! Each clinic gets rows of [`SyntheticRecord`]: the raw patient identifier (which must stay at
//! the clinic; tests use it to prove it never reaches the chain), the salted pseudonym that may
//! travel, and the [`IvfCycle`]. A seed fixes everything, so a run can be repeated exactly.
//!
//! ## Pseudonyms: one salt per patient
//!
//! A pseudonym is `blake2_256(salt ‖ raw id)` with a salt of the patient's own
//! ([`Generator::patient_salt`]), kept at the clinic in a separate key file ([`PatientSalt`],
//! [`write_salts_csv`]: `patient_id,salt`). Deleting one patient's salt (and the data row that
//! carries the raw id) unlinks that patient's pseudonym, and only that patient's, from the
//! person: erasure under GDPR Art. 17 (`docs/erasure.md`). The generator derives each salt from
//! its seed, the clinic and the patient's number, so that a run can be repeated; a real clinic
//! draws each salt from a cryptographic random source and keeps no seed it could be derived
//! from.
//!
//! ## Ground truth
//!
//! A live birth occurs with probability `σ(a_band + η)`:
//!
//! - `a_band` depends on the patient's HFEA age band and is calibrated so that, over the
//!   generated clinics, each band's live-birth rate matches HFEA 2022 fresh own-egg figures
//!   (pregnancy per embryo transferred 42/34/26/16/9 % for 18–34/35–37/38–39/40–42/43–44, live
//!   birth about 3 points lower: [`HFEA_LIVE_BIRTH_RATES`], see `docs/domain.md`);
//! - `η` sums effects that are independent of age by construction: ovarian reserve beyond what
//!   age predicts (AMH), BMI, previous failed cycles, causes of infertility, embryo quality
//!   (which carries the clinic's lab quality), blastocyst transfer and PGT-A.
//!
//! The calibration solves, per band, `Σ_clinics share · E[σ(a + η)] = rate` by bisection over
//! a fixed Monte Carlo sample of `η` drawn from the same clinic profiles.
//!
//! ## Non-IID clinics
//!
//! [`ClinicProfile`]s differ in age mix, protocols (frozen share, PGT-A, eSET, day-5 transfer,
//! stimulation) and lab quality, as `docs/domain.md` asks of a realistic generator.

use std::{
	fmt::Write as _,
	io::{self, BufRead, Write},
	path::Path,
};

use crate::{
	features::{CellGrade, GardnerGrade, InfertilityCauses, IvfCycle},
	model::sigmoid,
	rng::{self, Prng},
};

/// HFEA age bands: inclusive age range and live-birth rate per embryo transferred (fresh, own
/// eggs, HFEA 2022 pregnancy rate minus 3 points, `docs/domain.md`).
pub const HFEA_LIVE_BIRTH_RATES: [(u8, u8, f64); 5] =
	[(18, 34, 0.39), (35, 37, 0.31), (38, 39, 0.23), (40, 42, 0.13), (43, 44, 0.06)];

/// Youngest age generated in the 18–34 band (few IVF patients are younger).
const YOUNGEST: u8 = 22;

/// Index of the HFEA band an age falls in; ages outside 18–44 go to the nearest band.
pub fn age_band(age: u8) -> usize {
	HFEA_LIVE_BIRTH_RATES
		.iter()
		.position(|&(_, hi, _)| age <= hi)
		.unwrap_or(HFEA_LIVE_BIRTH_RATES.len() - 1)
}

/// How one synthetic clinic differs from the others.
#[derive(Clone, Debug, PartialEq)]
pub struct ClinicProfile {
	/// Share of patients in each HFEA age band (sums to 1).
	pub age_mix: [f64; 5],
	/// Share of frozen embryo transfers.
	pub frozen_share: f64,
	/// Share of cycles with PGT-A.
	pub pgt_a_share: f64,
	/// Share of elective single embryo transfers.
	pub eset_share: f64,
	/// Share of day-5 (blastocyst) transfers; the rest are day 3.
	pub blastocyst_share: f64,
	/// Shift of embryo quality, in standard deviations: the lab's skill.
	pub lab_quality: f64,
	/// Multiplier of eggs collected: the stimulation protocol's intensity.
	pub stimulation: f64,
	/// Shift of patients' mean BMI.
	pub bmi_shift: f64,
}

/// The profile of clinic `index` (0-based): five distinct clinics, repeated beyond five.
pub fn clinic_profile(index: usize) -> ClinicProfile {
	let p = |age_mix,
	         frozen_share,
	         pgt_a_share,
	         eset_share,
	         blastocyst_share,
	         lab_quality,
	         stimulation,
	         bmi_shift| {
		ClinicProfile {
			age_mix,
			frozen_share,
			pgt_a_share,
			eset_share,
			blastocyst_share,
			lab_quality,
			stimulation,
			bmi_shift,
		}
	};
	match index % 5 {
		// Young urban clinic, strong lab, mostly blastocyst eSET.
		0 => p([0.60, 0.18, 0.10, 0.09, 0.03], 0.50, 0.10, 0.85, 0.90, 0.30, 1.00, -1.0),
		// Private clinic with older patients, PGT-A heavy.
		1 => p([0.20, 0.25, 0.20, 0.23, 0.12], 0.60, 0.60, 0.60, 0.95, 0.10, 1.15, -0.5),
		// Public hospital, weaker lab, more day-3 transfers.
		2 => p([0.45, 0.25, 0.15, 0.12, 0.03], 0.30, 0.05, 0.50, 0.60, -0.30, 0.90, 1.5),
		// Average clinic.
		3 => p([0.35, 0.30, 0.15, 0.15, 0.05], 0.40, 0.20, 0.70, 0.80, 0.00, 1.00, 0.5),
		// Small regional clinic, mild stimulation, few blastocysts.
		_ => p([0.40, 0.20, 0.20, 0.15, 0.05], 0.20, 0.00, 0.30, 0.40, -0.15, 0.80, 2.0),
	}
}

/// One generated row: what the clinic holds.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticRecord {
	/// Raw clinic-local identifier, `PATIENT-<clinic>-<n>`: personal data, never on chain.
	pub raw_patient_id: String,
	/// `blake2_256(patient salt ‖ raw id)`: the only form of the patient that may travel.
	pub pseudonym: [u8; 32],
	/// The treatment cycle and its outcome.
	pub cycle: IvfCycle,
}

/// One row of a clinic's key file: a patient's raw id and the salt of their pseudonym, the only
/// link between the two. It stays at the clinic; deleting it (with the patient's data row)
/// erases the link.
#[derive(Clone, Debug, PartialEq)]
pub struct PatientSalt {
	/// Raw clinic-local identifier, as in [`SyntheticRecord::raw_patient_id`].
	pub raw_patient_id: String,
	/// The patient's own 32-byte salt.
	pub salt: [u8; 32],
}

/// Previous IVF cycles 0, 1, 2, 3, 4: their probabilities.
const PREVIOUS_CYCLES: [f64; 5] = [0.55, 0.25, 0.12, 0.05, 0.03];

/// Prevalence and log-odds effect of each cause (tubal, ovulatory, male, unexplained,
/// endometriosis). Endometriosis and tubal disease lower implantation; anovulation treated by
/// IVF carries a good prognosis.
const CAUSES: [(f64, f64); 5] =
	[(0.15, -0.15), (0.20, 0.15), (0.35, 0.0), (0.25, 0.05), (0.10, -0.25)];

/// Log-odds effects of the age-independent prognostic factors.
const AMH_EFFECT: f64 = 0.25;
const BMI_EFFECT: f64 = -0.15;
const PREVIOUS_CYCLE_EFFECT: f64 = -0.12;
const EMBRYO_QUALITY_EFFECT: f64 = 0.75;
const BLASTOCYST_EFFECT: f64 = 0.30;
const PGT_A_EFFECT: f64 = 0.35;

/// Monte Carlo draws per clinic for the calibration of the band intercepts.
const CALIBRATION_DRAWS: usize = 20_000;

/// What a synthetic data generator derives from its seed, under its tool's name: each
/// patient's salt and each clinic's random stream, so that a run can be repeated and two
/// generators (`ivf-synth`, `study-synth`) never share a salt.
#[derive(Clone, Copy, Debug)]
pub struct SeedDerivation {
	tool: &'static str,
	seed: u64,
}

impl SeedDerivation {
	/// The derivation of `tool` (e.g. `"ivf-synth"`) from `seed`.
	pub const fn new(tool: &'static str, seed: u64) -> Self {
		Self { tool, seed }
	}

	/// `blake2_256(tool ‖ "/" ‖ purpose ‖ seed ‖ clinic ‖ extra)`, integers as little-endian
	/// `u64`.
	pub fn derive(&self, purpose: &str, clinic: usize, extra: &[u8]) -> [u8; 32] {
		let mut preimage = format!("{}/{purpose}", self.tool).into_bytes();
		preimage.extend_from_slice(&self.seed.to_le_bytes());
		preimage.extend_from_slice(&(clinic as u64).to_le_bytes());
		preimage.extend_from_slice(extra);
		sp_crypto_hashing::blake2_256(&preimage)
	}

	/// The salt of patient `patient` (1-based, the `n` of `PATIENT-<clinic>-<n>`) of clinic
	/// `clinic` (1-based; 0 for a held-out test set): one per patient, never shared.
	pub fn patient_salt(&self, clinic: usize, patient: usize) -> [u8; 32] {
		self.derive("patient-salt", clinic, &(patient as u64).to_le_bytes())
	}

	/// The key file of clinic `clinic` (1-based) for its first `rows` patients: each raw id
	/// with its salt, in patient order.
	pub fn clinic_salts(&self, clinic: usize, rows: usize) -> Vec<PatientSalt> {
		(1..=rows)
			.map(|n| PatientSalt {
				raw_patient_id: clinic_patient_id(clinic, n),
				salt: self.patient_salt(clinic, n),
			})
			.collect()
	}
}

/// The generator: clinic profiles, calibrated intercepts and the seed.
#[derive(Clone, Debug)]
pub struct Generator {
	profiles: Vec<ClinicProfile>,
	band_intercepts: [f64; 5],
	seeds: SeedDerivation,
}

impl Generator {
	/// A generator for `clinics` clinics (profiles from [`clinic_profile`]) and a seed.
	pub fn new(clinics: usize, seed: u64) -> Self {
		let profiles: Vec<ClinicProfile> = (0..clinics.max(1)).map(clinic_profile).collect();
		let band_intercepts = calibrate(&profiles);
		Self { profiles, band_intercepts, seeds: SeedDerivation::new("ivf-synth", seed) }
	}

	/// The clinics' profiles.
	pub fn profiles(&self) -> &[ClinicProfile] {
		&self.profiles
	}

	/// The salt of patient `patient` (1-based, the `n` of `PATIENT-<clinic>-<n>`) of clinic
	/// `clinic` (1-based; 0 for the held-out test set): one per patient, never shared, derived
	/// from the seed so that a run can be repeated.
	pub fn patient_salt(&self, clinic: usize, patient: usize) -> [u8; 32] {
		self.seeds.patient_salt(clinic, patient)
	}

	/// The key file of clinic `clinic` (1-based) for its first `rows` patients: each raw id with
	/// its salt, in the order of [`Self::clinic_records`].
	pub fn clinic_salts(&self, clinic: usize, rows: usize) -> Vec<PatientSalt> {
		self.seeds.clinic_salts(clinic, rows)
	}

	/// `rows` cycles of clinic `clinic` (1-based), from that clinic's own random stream.
	pub fn clinic_records(&self, clinic: usize, rows: usize) -> Vec<SyntheticRecord> {
		let profile_index = clinic.saturating_sub(1) % self.profiles.len();
		let mut prng = rng::prng(self.seeds.derive("clinic", clinic, &[]));
		(1..=rows)
			.map(|n| {
				let raw_patient_id = clinic_patient_id(clinic, n);
				let cycle = self.cycle(&self.profiles[profile_index], &mut prng);
				SyntheticRecord {
					pseudonym: pseudonym(&self.patient_salt(clinic, n), &raw_patient_id),
					raw_patient_id,
					cycle,
				}
			})
			.collect()
	}

	/// A held-out test set drawn from all clinics in equal shares (clinic picked per row).
	pub fn test_records(&self, rows: usize) -> Vec<SyntheticRecord> {
		let mut prng = rng::prng(self.seeds.derive("test", 0, &[]));
		(1..=rows)
			.map(|n| {
				let raw_patient_id = format!("PATIENT-TEST-{n:06}");
				let profile =
					&self.profiles[rng::below(&mut prng, self.profiles.len() as u64) as usize];
				let cycle = self.cycle(profile, &mut prng);
				SyntheticRecord {
					pseudonym: pseudonym(&self.patient_salt(0, n), &raw_patient_id),
					raw_patient_id,
					cycle,
				}
			})
			.collect()
	}

	fn cycle(&self, profile: &ClinicProfile, prng: &mut Prng) -> IvfCycle {
		let band = pick(prng, &profile.age_mix);
		let (low, high, _) = HFEA_LIVE_BIRTH_RATES[band];
		let low = low.max(YOUNGEST);
		let age = low + rng::below(prng, (high - low + 1) as u64) as u8;
		let (mut cycle, eta) = draw_patient(profile, age, prng);
		let probability = sigmoid(self.band_intercepts[band] + eta);
		cycle.live_birth = rng::uniform(prng) < probability;
		cycle
	}
}

/// Draws one patient and cycle of a clinic at a given age, without its outcome; returns the
/// cycle and its age-independent log-odds effect `η`.
fn draw_patient(profile: &ClinicProfile, age: u8, prng: &mut Prng) -> (IvfCycle, f64) {
	let mut eta = 0.0;

	// Ovarian reserve falls with age; its age-independent part (z) is prognostic.
	let reserve = rng::standard_normal(prng);
	let amh =
		libm::exp(libm::log(3.2) - 0.07 * (age as f64 - 30.0) + 0.6 * reserve).clamp(0.05, 20.0);
	eta += AMH_EFFECT * reserve;
	let afc = (4.0 + 3.0 * amh + 2.5 * rng::standard_normal(prng)).round().clamp(1.0, 45.0);

	let bmi_z = rng::standard_normal(prng);
	let bmi = (25.0 + profile.bmi_shift + 4.5 * bmi_z).clamp(17.0, 45.0);
	eta += BMI_EFFECT * bmi_z;

	let previous = pick(prng, &PREVIOUS_CYCLES);
	let expected_previous: f64 =
		PREVIOUS_CYCLES.iter().enumerate().map(|(i, p)| i as f64 * p).sum();
	eta += PREVIOUS_CYCLE_EFFECT * (previous as f64 - expected_previous);

	let mut flags = [false; 5];
	for (flag, &(prevalence, effect)) in flags.iter_mut().zip(&CAUSES) {
		*flag = bernoulli(prng, prevalence);
		eta += effect * (*flag as u8 as f64 - prevalence);
	}
	let causes = InfertilityCauses {
		tubal: flags[0],
		ovulatory: flags[1],
		male_factor: flags[2],
		unexplained: flags[3],
		endometriosis: flags[4],
	};

	let frozen = bernoulli(prng, profile.frozen_share);
	let eggs = poisson(prng, profile.stimulation * (1.5 + 0.9 * afc)).clamp(1, 40) as u8;
	let embryos = (0..eggs).filter(|_| bernoulli(prng, 0.6)).count().max(1) as u8;

	// Embryo quality: the lab's skill plus the embryo's own luck; the grade shows it, coarsely.
	let quality = profile.lab_quality + rng::standard_normal(prng);
	eta += EMBRYO_QUALITY_EFFECT * quality;
	let blastocyst = bernoulli(prng, profile.blastocyst_share);
	eta += BLASTOCYST_EFFECT * (blastocyst as u8 as f64 - profile.blastocyst_share);
	let expansion = if blastocyst {
		(3.5 + 0.8 * quality + 0.5 * rng::standard_normal(prng)).round().clamp(2.0, 6.0) as u8
	} else {
		1 + bernoulli(prng, sigmoid(quality)) as u8
	};
	let cell_grade = |prng: &mut Prng| {
		let q = quality + 0.6 * rng::standard_normal(prng);
		if q > 0.6 {
			CellGrade::A
		} else if q > -0.6 {
			CellGrade::B
		} else {
			CellGrade::C
		}
	};
	let inner_cell_mass = cell_grade(prng);
	let trophectoderm = cell_grade(prng);

	let pgt_a = bernoulli(prng, profile.pgt_a_share);
	eta += PGT_A_EFFECT * (pgt_a as u8 as f64 - profile.pgt_a_share);
	let eset = bernoulli(prng, profile.eset_share);

	let cycle = IvfCycle {
		age_years: age,
		amh_centi_ng_ml: (amh * 100.0).round() as u16,
		bmi_deci: (bmi * 10.0).round() as u16,
		antral_follicle_count: afc as u8,
		previous_ivf_cycles: previous as u8,
		causes,
		frozen,
		eggs_collected: eggs,
		embryos_created: embryos,
		embryo_grade: GardnerGrade { expansion, inner_cell_mass, trophectoderm },
		transfer_day: if blastocyst { 5 } else { 3 },
		pgt_a,
		elective_single_embryo_transfer: eset,
		live_birth: false,
	};
	(cycle, eta)
}

/// Per-band intercepts such that the band's live-birth rate, over the clinics' age mixes,
/// equals the HFEA figure.
fn calibrate(profiles: &[ClinicProfile]) -> [f64; 5] {
	let mut prng = rng::prng(sp_crypto_hashing::blake2_256(b"ivf-synth/calibration"));
	// η does not depend on age, so one sample per clinic serves every band.
	let etas: Vec<Vec<f64>> = profiles
		.iter()
		.map(|profile| {
			(0..CALIBRATION_DRAWS).map(|_| draw_patient(profile, 35, &mut prng).1).collect()
		})
		.collect();
	let mut intercepts = [0.0; 5];
	for (band, intercept) in intercepts.iter_mut().enumerate() {
		let target = HFEA_LIVE_BIRTH_RATES[band].2;
		let total_share: f64 = profiles.iter().map(|p| p.age_mix[band]).sum();
		let rate = |a: f64| {
			profiles
				.iter()
				.zip(&etas)
				.map(|(p, e)| {
					p.age_mix[band] * e.iter().map(|eta| sigmoid(a + eta)).sum::<f64>()
						/ e.len() as f64
				})
				.sum::<f64>()
				/ total_share
		};
		let (mut low, mut high) = (-10.0, 10.0);
		for _ in 0..50 {
			let mid = (low + high) / 2.0;
			if rate(mid) < target {
				low = mid;
			} else {
				high = mid;
			}
		}
		*intercept = (low + high) / 2.0;
	}
	intercepts
}

/// The raw id of patient `n` (1-based) of clinic `clinic`: `PATIENT-<clinic>-<n, 6 digits>`.
pub fn clinic_patient_id(clinic: usize, n: usize) -> String {
	format!("PATIENT-{clinic}-{n:06}")
}

/// `blake2_256(salt ‖ raw id)`: a patient's pseudonym, as `ivf_primitives::Pseudonym` defines it.
pub fn pseudonym(salt: &[u8; 32], raw_patient_id: &str) -> [u8; 32] {
	let mut preimage = salt.to_vec();
	preimage.extend_from_slice(raw_patient_id.as_bytes());
	sp_crypto_hashing::blake2_256(&preimage)
}

pub(crate) fn bernoulli(prng: &mut Prng, p: f64) -> bool {
	rng::uniform(prng) < p
}

/// Index drawn with the given probabilities (the last absorbs rounding).
pub(crate) fn pick(prng: &mut Prng, probabilities: &[f64]) -> usize {
	let mut u = rng::uniform(prng);
	for (i, p) in probabilities.iter().enumerate() {
		if u < *p {
			return i;
		}
		u -= p;
	}
	probabilities.len().saturating_sub(1)
}

/// Poisson draw: Knuth's product method for small means, a rounded normal above 30.
pub(crate) fn poisson(prng: &mut Prng, mean: f64) -> u64 {
	if mean > 30.0 {
		return (mean + libm::sqrt(mean) * rng::standard_normal(prng)).round().max(0.0) as u64;
	}
	let limit = libm::exp(-mean);
	let (mut k, mut product) = (0, rng::uniform_open_closed(prng));
	while product > limit {
		k += 1;
		product *= rng::uniform_open_closed(prng);
	}
	k
}

/// Column names of the clinic CSV files, in order.
pub const CSV_HEADER: [&str; 20] = {
	// The two identifier columns, then the IVF columns the schema declares, in file order.
	let mut header = [""; 20];
	header[0] = crate::schema::RAW_ID_COLUMN;
	header[1] = crate::schema::PSEUDONYM_COLUMN;
	let mut i = 0;
	while i < crate::schema::IVF_COLUMNS.len() {
		header[i + 2] = crate::schema::IVF_COLUMNS[i];
		i += 1;
	}
	header
};

/// One record as a CSV line (without the newline).
pub fn csv_line(record: &SyntheticRecord) -> String {
	let c = &record.cycle;
	let flag = |b: bool| if b { "1" } else { "0" };
	[
		record.raw_patient_id.clone(),
		hex32(&record.pseudonym),
		c.age_years.to_string(),
		format!("{:.2}", c.amh_centi_ng_ml as f64 / 100.0),
		format!("{:.1}", c.bmi_deci as f64 / 10.0),
		c.antral_follicle_count.to_string(),
		c.previous_ivf_cycles.to_string(),
		flag(c.causes.tubal).into(),
		flag(c.causes.ovulatory).into(),
		flag(c.causes.male_factor).into(),
		flag(c.causes.unexplained).into(),
		flag(c.causes.endometriosis).into(),
		if c.frozen { "frozen" } else { "fresh" }.into(),
		c.eggs_collected.to_string(),
		c.embryos_created.to_string(),
		c.embryo_grade.to_string(),
		c.transfer_day.to_string(),
		flag(c.pgt_a).into(),
		flag(c.elective_single_embryo_transfer).into(),
		flag(c.live_birth).into(),
	]
	.join(",")
}

/// Why a field of a clinic CSV line was refused: the column (0-based index into
/// [`CSV_HEADER`]) and what the column expects, so that a clinic can find and fix the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
	/// 0-based column index; [`CSV_HEADER`]`[column]` is its name.
	pub column: usize,
	/// What the column expects.
	pub expected: &'static str,
}

impl core::fmt::Display for FieldError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		let name = CSV_HEADER.get(self.column).copied().unwrap_or("(extra)");
		write!(f, "column {} ({name}): expected {}", self.column + 1, self.expected)
	}
}

/// Parses one CSV line written by [`csv_line`], naming the first malformed field.
pub fn parse_csv_record(line: &str) -> Result<SyntheticRecord, FieldError> {
	let fields: Vec<&str> = line.trim_end().split(',').collect();
	if fields.len() != CSV_HEADER.len() {
		return Err(FieldError {
			column: fields.len().min(CSV_HEADER.len()),
			expected: "20 comma-separated fields",
		});
	}
	fn field<V>(column: usize, expected: &'static str, value: Option<V>) -> Result<V, FieldError> {
		value.ok_or(FieldError { column, expected })
	}
	let flag = |column: usize| {
		let value = match fields[column] {
			"1" => Some(true),
			"0" => Some(false),
			_ => None,
		};
		field(column, "0 or 1", value)
	};
	let scaled = |column: usize, factor: f64, expected: &'static str| {
		let value = fields[column].parse::<f64>().ok().map(|v| v * factor);
		let fits = value.filter(|v| v.is_finite() && *v >= 0.0 && *v <= u16::MAX as f64);
		field(column, expected, fits.map(|v| v.round() as u16))
	};
	let byte = |column: usize| {
		field(column, "a whole number from 0 to 255", fields[column].parse::<u8>().ok())
	};
	let pseudonym =
		field(1, "64 lower-case hex digits (a salted pseudonym)", parse_hex32(fields[1]))?;
	let cycle = IvfCycle {
		age_years: byte(2)?,
		amh_centi_ng_ml: scaled(3, 100.0, "a number of ng/ml, e.g. 2.35")?,
		bmi_deci: scaled(4, 10.0, "a number of kg/m², e.g. 23.4")?,
		antral_follicle_count: byte(5)?,
		previous_ivf_cycles: byte(6)?,
		causes: InfertilityCauses {
			tubal: flag(7)?,
			ovulatory: flag(8)?,
			male_factor: flag(9)?,
			unexplained: flag(10)?,
			endometriosis: flag(11)?,
		},
		frozen: field(
			12,
			"frozen or fresh",
			match fields[12] {
				"frozen" => Some(true),
				"fresh" => Some(false),
				_ => None,
			},
		)?,
		eggs_collected: byte(13)?,
		embryos_created: byte(14)?,
		embryo_grade: field(15, "a Gardner grade, e.g. 4AB", GardnerGrade::parse(fields[15]))?,
		transfer_day: byte(16)?,
		pgt_a: flag(17)?,
		elective_single_embryo_transfer: flag(18)?,
		live_birth: flag(19)?,
	};
	Ok(SyntheticRecord { raw_patient_id: fields[0].to_string(), pseudonym, cycle })
}

/// Parses one CSV line written by [`csv_line`]; `None` if any field is malformed.
pub fn parse_csv_line(line: &str) -> Option<SyntheticRecord> {
	parse_csv_record(line).ok()
}

/// Writes records as CSV with a header line.
pub fn write_csv(path: &Path, records: &[SyntheticRecord]) -> io::Result<()> {
	let mut out = io::BufWriter::new(std::fs::File::create(path)?);
	writeln!(out, "{}", CSV_HEADER.join(","))?;
	for record in records {
		writeln!(out, "{}", csv_line(record))?;
	}
	out.flush()
}

/// Parses the text of a clinic CSV file (header line first, as [`write_csv`] writes it); the
/// error names the line (1-based, the header is line 1) and the column of the first malformed
/// value.
pub fn parse_csv(text: &str) -> Result<Vec<SyntheticRecord>, String> {
	let mut lines = text.lines().enumerate();
	let header = lines.next().map(|(_, line)| line.trim_end()).unwrap_or_default();
	if header != CSV_HEADER.join(",") {
		return Err(format!("line 1: the header is not `{}`", CSV_HEADER.join(",")));
	}
	let mut records = Vec::new();
	for (number, line) in lines {
		if line.trim().is_empty() {
			continue;
		}
		records.push(parse_csv_record(line).map_err(|e| format!("line {}, {e}", number + 1))?);
	}
	Ok(records)
}

/// Reads a CSV file written by [`write_csv`].
pub fn read_csv(path: &Path) -> io::Result<Vec<SyntheticRecord>> {
	let text = std::fs::read_to_string(path)?;
	parse_csv(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Column names of a clinic's key file (`clinic-N.salts.csv`), in order.
pub const SALTS_CSV_HEADER: [&str; 2] = ["patient_id", "salt"];

/// One key-file row as a CSV line (without the newline): the raw id, the salt in hex.
pub fn salt_line(entry: &PatientSalt) -> String {
	format!("{},{}", entry.raw_patient_id, hex32(&entry.salt))
}

/// Parses one line written by [`salt_line`]; `None` if it is malformed.
pub fn parse_salt_line(line: &str) -> Option<PatientSalt> {
	let (raw_patient_id, salt) = line.trim_end().split_once(',')?;
	if raw_patient_id.is_empty() {
		return None;
	}
	Some(PatientSalt { raw_patient_id: raw_patient_id.to_string(), salt: parse_hex32(salt)? })
}

/// Writes a clinic's key file with a header line. On Unix the file is created readable and
/// writable by its owner only: it is what links pseudonyms to people.
pub fn write_salts_csv(path: &Path, salts: &[PatientSalt]) -> io::Result<()> {
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create(true).truncate(true);
	#[cfg(unix)]
	{
		use std::os::unix::fs::OpenOptionsExt;
		options.mode(0o600);
	}
	let mut out = io::BufWriter::new(options.open(path)?);
	writeln!(out, "{}", SALTS_CSV_HEADER.join(","))?;
	for entry in salts {
		writeln!(out, "{}", salt_line(entry))?;
	}
	out.flush()
}

/// Reads a key file written by [`write_salts_csv`].
pub fn read_salts_csv(path: &Path) -> io::Result<Vec<PatientSalt>> {
	let file = io::BufReader::new(std::fs::File::open(path)?);
	let mut salts = Vec::new();
	for (number, line) in file.lines().enumerate().skip(1) {
		let line = line?;
		if line.trim().is_empty() {
			continue;
		}
		salts.push(parse_salt_line(&line).ok_or_else(|| {
			io::Error::new(
				io::ErrorKind::InvalidData,
				format!("line {}: malformed salt", number + 1),
			)
		})?);
	}
	Ok(salts)
}

/// A `--spec` argument of the command-line tools: a SCALE-encoded [`ModelSpec`](crate::ModelSpec) in hex
/// (`0x` optional), as `@polkadot/api` or the Python client print it.
pub fn spec_from_arg(text: &str) -> Result<crate::ModelSpec, String> {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	let bytes: Option<Vec<u8>> = if !digits.len().is_multiple_of(2) {
		None
	} else {
		(0..digits.len())
			.step_by(2)
			.map(|i| digits.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
			.collect()
	};
	let bytes = bytes.ok_or("--spec: not hex")?;
	codec::Decode::decode(&mut &bytes[..]).map_err(|e| format!("--spec: {e}"))
}

/// 32 bytes as 64 lower-case hex digits.
pub(crate) fn hex32(bytes: &[u8; 32]) -> String {
	let mut hex = String::with_capacity(64);
	for byte in bytes {
		let _ = write!(hex, "{byte:02x}");
	}
	hex
}

/// 64 hex digits as 32 bytes; `None` otherwise.
fn parse_hex32(hex: &str) -> Option<[u8; 32]> {
	if hex.len() != 64 {
		return None;
	}
	let mut bytes = [0u8; 32];
	for (i, byte) in bytes.iter_mut().enumerate() {
		*byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
	}
	Some(bytes)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_patient_has_its_own_salt_and_pseudonym_is_blake2_of_salt_and_id() {
		let generator = Generator::new(2, 5);
		let records = generator.clinic_records(1, 50);
		let salts = generator.clinic_salts(1, 50);
		assert_eq!(salts.len(), records.len());
		// Two patients of one clinic get different salts.
		assert_ne!(salts[0].salt, salts[1].salt);
		assert_ne!(generator.patient_salt(1, 1), generator.patient_salt(1, 2));
		let distinct: std::collections::BTreeSet<[u8; 32]> = salts.iter().map(|s| s.salt).collect();
		assert_eq!(distinct.len(), salts.len(), "no two patients of a clinic share a salt");
		for (record, entry) in records.iter().zip(&salts) {
			assert_eq!(entry.raw_patient_id, record.raw_patient_id);
			let mut preimage = entry.salt.to_vec();
			preimage.extend_from_slice(record.raw_patient_id.as_bytes());
			assert_eq!(record.pseudonym, sp_crypto_hashing::blake2_256(&preimage));
			assert_eq!(record.pseudonym, pseudonym(&entry.salt, &record.raw_patient_id));
		}
		// Patient n of another clinic has another salt; the salts repeat for the same seed only.
		assert_ne!(generator.patient_salt(2, 1), generator.patient_salt(1, 1));
		assert_eq!(Generator::new(2, 5).clinic_salts(1, 50), salts);
		assert_ne!(Generator::new(2, 6).patient_salt(1, 1), generator.patient_salt(1, 1));
	}

	#[test]
	fn salts_csv_round_trips() {
		let salts = Generator::new(1, 9).clinic_salts(1, 20);
		let dir = std::env::temp_dir().join(format!("fl-core-salts-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let path = dir.join("clinic-1.salts.csv");
		write_salts_csv(&path, &salts).unwrap();
		let text = std::fs::read_to_string(&path).unwrap();
		assert!(text.starts_with("patient_id,salt\nPATIENT-1-000001,"));
		assert_eq!(read_salts_csv(&path).unwrap(), salts);
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = std::fs::metadata(&path).unwrap().permissions().mode();
			assert_eq!(mode & 0o077, 0, "the key file is private to its owner");
		}
		std::fs::remove_dir_all(&dir).unwrap();
		assert!(parse_salt_line("PATIENT-1-000001,zz").is_none());
		assert!(parse_salt_line(",00").is_none());
	}
}

/// The command line of a synthetic data generator (`ivf-synth`, `study-synth`): `--clinics N`,
/// `--rows N` per clinic, `--test-rows N` (0 skips the held-out file), `--seed S`, `--out DIR`
/// (required).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynthOptions {
	/// Clinics, at least 1.
	pub clinics: usize,
	/// Rows per clinic.
	pub rows: usize,
	/// Held-out rows; `None` when not given (each tool has its default).
	pub test_rows: Option<usize>,
	/// The seed everything derives from.
	pub seed: u64,
	/// Where the files go.
	pub out: std::path::PathBuf,
}

impl SynthOptions {
	/// Parses `args` (without the program name) over the defaults `clinics` and `rows`; an
	/// empty error asks for the usage line only (`--help`).
	pub fn parse(
		args: impl IntoIterator<Item = String>,
		clinics: usize,
		rows: usize,
	) -> Result<Self, String> {
		let mut options = Self { clinics, rows, test_rows: None, seed: 0, out: Default::default() };
		let mut args = args.into_iter();
		let mut out = None;
		while let Some(flag) = args.next() {
			let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
			let number = |v: String| v.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
			match flag.as_str() {
				"--clinics" => options.clinics = number(value()?)? as usize,
				"--rows" => options.rows = number(value()?)? as usize,
				"--test-rows" => options.test_rows = Some(number(value()?)? as usize),
				"--seed" => options.seed = number(value()?)?,
				"--out" => out = Some(std::path::PathBuf::from(value()?)),
				"--help" | "-h" => return Err(String::new()),
				other => return Err(format!("unknown option {other}")),
			}
		}
		options.out = out.ok_or("--out DIR is required")?;
		if options.clinics == 0 {
			return Err("--clinics must be at least 1".into());
		}
		Ok(options)
	}
}
