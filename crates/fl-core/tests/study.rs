//! The synthetic OHSS study: one schema for every clinic's file whatever its column order,
//! one question answered from all of them, and a model that learns the ground truth.

use fl_core::{
	metrics,
	question::EncodedRows,
	study_synth::{
		study_csv, study_question, study_schema, StudyGenerator, StudyRecord, STUDY_COLUMNS,
	},
	table::{parse_table, question_json, read_question_json, read_schema_json, schema_json, Table},
	train::{self, LabelledSet},
	Architecture, ModelSpec, TrainingParams,
};

const CLINICS: usize = 4;
const ROWS: usize = 600;
const SEED: u64 = 7;

fn read(records: &[StudyRecord], order: &[&str]) -> Table {
	parse_table(&study_csv(records, order), &study_schema()).unwrap()
}

fn encode(table: &Table) -> EncodedRows {
	let question = study_question();
	let normalisation = question.public_normalisation(&study_schema()).unwrap();
	let rows: Vec<u32> = (0..table.len() as u32).collect();
	question.encode_rows(table, &rows, &normalisation).unwrap()
}

#[test]
fn the_study_schema_and_question_fit_and_survive_json() {
	let schema = study_schema();
	assert_eq!(schema.validate(), Ok(()));
	let question = study_question();
	assert_eq!(question.check_schema(&schema), Ok(()));
	assert_eq!(question.encoded_width(), 17);
	assert_eq!(question.public_normalisation(&schema).unwrap().len(), 17);
	assert_eq!(read_schema_json(&schema_json(&schema)), Ok(schema));
	assert_eq!(read_question_json(&question_json(&question)), Ok(question));
}

#[test]
fn clinics_order_their_columns_differently_and_read_to_the_same_rows() {
	let generator = StudyGenerator::new(CLINICS, SEED);
	let orders: Vec<Vec<&str>> = (0..=CLINICS).map(|k| generator.column_order(k)).collect();
	for (i, order) in orders.iter().enumerate() {
		let mut sorted = order.clone();
		sorted.sort_unstable();
		let mut expected: Vec<&str> =
			["patient_id", "patient_pseudonym"].into_iter().chain(STUDY_COLUMNS).collect();
		expected.sort_unstable();
		assert_eq!(sorted, expected, "every column once");
		assert!(!orders[..i].contains(order), "clinic {i}'s order is its own");
	}
	for clinic in 1..=CLINICS {
		let records = generator.clinic_records(clinic, ROWS);
		let own = read(&records, &orders[clinic]);
		assert_eq!(own.len(), ROWS);
		for other in &orders {
			let table = read(&records, other);
			assert_eq!(table, own);
			assert_eq!(encode(&table), encode(&own));
		}
		// The file as the clinic's own order writes it, header first.
		let text = study_csv(&records, &orders[clinic]);
		assert!(text.starts_with(&(orders[clinic].join(",") + "\n")));
		// The pseudonym is blake2_256(salt ‖ raw id) with the patient's own salt.
		let salts = generator.clinic_salts(clinic, ROWS);
		for (record, salt) in records.iter().zip(&salts) {
			assert_eq!(
				record.pseudonym,
				fl_core::synth::pseudonym(&salt.salt, &record.raw_patient_id)
			);
		}
	}
	// The same seed writes the same files; another seed others.
	let again = StudyGenerator::new(CLINICS, SEED);
	assert_eq!(again.clinic_records(2, 50), generator.clinic_records(2, 50));
	assert_eq!(again.column_order(3), orders[3]);
	assert_ne!(
		StudyGenerator::new(CLINICS, SEED + 1).clinic_records(2, 50),
		generator.clinic_records(2, 50)
	);
}

#[test]
fn clinics_leave_values_missing_and_the_question_handles_each_policy() {
	let generator = StudyGenerator::new(CLINICS, SEED);
	let schema = study_schema();
	let missing = |table: &Table, column: &str| {
		let c = schema.position(column).unwrap();
		table.rows.iter().filter(|row| row[c].is_none()).count()
	};
	let mut dropped = 0;
	for clinic in 1..=CLINICS {
		let table = read(&generator.clinic_records(clinic, ROWS), &generator.column_order(clinic));
		let encoded = encode(&table);
		let (outcome, afc) = (missing(&table, "ohss"), missing(&table, "antral_follicle_count"));
		// Rows without an outcome or an antral count (DropRow) are left out, no other.
		assert!(encoded.used.len() <= ROWS - outcome.max(afc));
		assert!(encoded.used.len() >= ROWS - outcome - afc);
		dropped += ROWS - encoded.used.len();
		if clinic == 2 {
			// The clinic that skips AMH for low reserves, and often BMI.
			let amh = missing(&table, "amh_ng_ml");
			assert!((40..=150).contains(&amh), "{amh}");
			assert!((50..=140).contains(&missing(&table, "bmi")));
		}
		if clinic == 3 {
			assert!(afc > 10, "{afc}");
		}
	}
	assert!(dropped > 20, "{dropped}");
}

fn spec() -> ModelSpec {
	let question = study_question();
	ModelSpec {
		architecture: Architecture::LogisticRegression { features: 17 },
		training: TrainingParams {
			learning_rate_ppm: 100_000,
			epochs: 30,
			batch_size: 32,
			l2_ppm: 100,
			proximal_mu_ppm: 0,
		},
		privacy: None,
		normalisation: question.public_normalisation(&study_schema()).unwrap(),
		initial_model_seed: 1,
		question: Some(question),
		server_optimiser: fl_core::ServerOptimiser::Sgd,
	}
}

#[test]
fn a_model_trained_on_the_pooled_clinics_predicts_ohss_on_the_held_out_set() {
	let generator = StudyGenerator::new(CLINICS, SEED);
	let encoded: Vec<LabelledSet> = (1..=CLINICS)
		.map(|clinic| {
			let table =
				read(&generator.clinic_records(clinic, ROWS), &generator.column_order(clinic));
			encode(&table).set
		})
		.collect();
	let pooled = LabelledSet::concatenate(&encoded.iter().collect::<Vec<_>>()).unwrap();
	let spec = spec();
	let start = vec![0.0; 18];
	let params = train::train(&spec, &start, &pooled, [3; 32]).unwrap();

	let test_records = generator.test_records(2000);
	let test_table = read(&test_records, &generator.column_order(0));
	let test = encode(&test_table);
	let auc = train::held_out_auc(&spec, &params, &test.set).unwrap().unwrap();
	// The best any model can do: the true probabilities of the same rows.
	let truth: Vec<f64> = test.used.iter().map(|&r| test_records[r as usize].probability).collect();
	let oracle = metrics::auc(&truth, test.set.labels.as_slice().unwrap()).unwrap();
	println!("pooled logistic regression: held-out AUC {auc:.3} (true model {oracle:.3})");
	assert!(auc > 0.75, "{auc}");
	assert!(auc > oracle - 0.04, "{auc} vs {oracle}");
	let prevalence = test.set.labels.sum() / test.set.len() as f64;
	assert!((0.08..0.25).contains(&prevalence), "{prevalence}");
}
