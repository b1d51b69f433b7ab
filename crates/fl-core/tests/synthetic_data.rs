//! Behaviour of the synthetic IVF generator and the feature extraction.

use fl_core::{
	features::{self, GardnerGrade, FEATURE_COUNT},
	synth::{self, age_band, Generator, HFEA_LIVE_BIRTH_RATES},
};

#[test]
fn live_birth_rates_per_age_band_match_hfea_within_three_points() {
	let generator = Generator::new(5, 42);
	let mut births = [0usize; 5];
	let mut cycles = [0usize; 5];
	for clinic in 1..=5 {
		for record in generator.clinic_records(clinic, 30_000) {
			let band = age_band(record.cycle.age_years);
			cycles[band] += 1;
			births[band] += record.cycle.live_birth as usize;
		}
	}
	for (band, &(low, high, target)) in HFEA_LIVE_BIRTH_RATES.iter().enumerate() {
		assert!(cycles[band] > 5_000, "band {low}-{high} has only {} cycles", cycles[band]);
		let rate = births[band] as f64 / cycles[band] as f64;
		assert!((rate - target).abs() <= 0.03, "ages {low}-{high}: {rate:.3} vs HFEA {target}");
	}
}

#[test]
fn generation_is_deterministic_for_a_seed() {
	let a = Generator::new(3, 7).clinic_records(2, 500);
	let b = Generator::new(3, 7).clinic_records(2, 500);
	let c = Generator::new(3, 8).clinic_records(2, 500);
	assert_eq!(a, b);
	assert_ne!(a, c);
	assert_eq!(Generator::new(3, 7).test_records(100), Generator::new(3, 7).test_records(100));
}

#[test]
fn clinics_are_not_identically_distributed() {
	let generator = Generator::new(5, 1);
	let stats: Vec<(f64, f64)> = (1..=5)
		.map(|clinic| {
			let records = generator.clinic_records(clinic, 5_000);
			let n = records.len() as f64;
			let age = records.iter().map(|r| r.cycle.age_years as f64).sum::<f64>() / n;
			let pgt = records.iter().filter(|r| r.cycle.pgt_a).count() as f64 / n;
			(age, pgt)
		})
		.collect();
	let (ages, pgts): (Vec<f64>, Vec<f64>) = stats.into_iter().unzip();
	let spread = |v: &[f64]| {
		v.iter().cloned().fold(f64::MIN, f64::max) - v.iter().cloned().fold(f64::MAX, f64::min)
	};
	assert!(spread(&ages) > 2.0, "mean ages {ages:?}");
	assert!(spread(&pgts) > 0.3, "PGT-A shares {pgts:?}");
}

#[test]
fn pseudonyms_are_salted_hashes_and_hide_the_raw_id() {
	let generator = Generator::new(2, 3);
	let records = generator.clinic_records(1, 10);
	for (n, record) in (1..).zip(&records) {
		assert!(record.raw_patient_id.starts_with("PATIENT-1-"));
		let mut preimage = generator.patient_salt(1, n).to_vec();
		preimage.extend_from_slice(record.raw_patient_id.as_bytes());
		assert_eq!(record.pseudonym, sp_crypto_hashing::blake2_256(&preimage));
		let line = synth::csv_line(record);
		// The id appears once, in its own column; the pseudonym column does not contain it.
		assert_eq!(line.matches(&record.raw_patient_id).count(), 1);
	}
	// The same raw id at another clinic (another salt) gets another pseudonym.
	assert_ne!(
		synth::pseudonym(&generator.patient_salt(2, 1), "PATIENT-1-000001"),
		records[0].pseudonym
	);
}

#[test]
fn csv_round_trips() {
	let records = Generator::new(1, 9).clinic_records(1, 300);
	let dir = std::env::temp_dir().join(format!("fl-core-csv-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	let path = dir.join("clinic-1.csv");
	synth::write_csv(&path, &records).unwrap();
	assert_eq!(synth::read_csv(&path).unwrap(), records);
	std::fs::remove_dir_all(&dir).unwrap();
	assert!(synth::parse_csv_line("PATIENT-1-1,zz,30").is_none());
}

#[test]
fn feature_vector_is_normalised_and_ignores_the_label() {
	let mut cycle = Generator::new(1, 4).clinic_records(1, 1)[0].cycle;
	let norm = features::reference_normalisation();
	let x = features::feature_vector(&cycle, &norm).unwrap();
	assert_eq!(x.len(), FEATURE_COUNT);
	let raw = features::raw_features(&cycle);
	assert!((x[0] - (raw[0] - 35.0) / 5.0).abs() < 1e-3, "age is centred at 35 and scaled by 5");
	cycle.live_birth = !cycle.live_birth;
	assert_eq!(features::feature_vector(&cycle, &norm).unwrap(), x);
	assert_eq!(
		features::feature_vector(&cycle, &norm[..3]),
		Err(features::FeatureError::NormalisationLength)
	);
	assert_eq!(GardnerGrade::parse("4AB").map(|g| g.to_string()), Some("4AB".into()));
	assert_eq!(GardnerGrade::parse("7AA"), None);
}
