//! Dataset schemas, study questions, tables read under a schema, and the encoding of rows.

use codec::Encode;
use fl_core::{
	features::FeatureScaling,
	fixed,
	question::{
		EncodeError, Encoding, FeatureColumn, MissingPolicy, Outcome, OutcomeEvent, QuestionError,
		StudyQuestion, DATE_SPAN_DAYS,
	},
	schema::{
		common_data_model, gardner_grades, ivf_schema, Column, ColumnKind, DatasetSchema,
		SchemaError, IVF_COLUMNS, MAX_COLUMNS, MAX_LEVELS, MAX_NAME_LEN,
	},
	synth,
	table::{
		civil_from_days, days_from_civil, format_value, parse_table, parse_value, question_json,
		read_question_json, read_schema_json, schema_json, Table, TableError, TableErrorReason,
		Value,
	},
};

fn numeric(name: &str, unit: &str, min_milli: i64, max_milli: i64, missing: bool) -> Column {
	Column {
		name: name.into(),
		kind: ColumnKind::Numeric { unit: unit.into(), min_milli, max_milli },
		missing_allowed: missing,
	}
}

fn boolean(name: &str, missing: bool) -> Column {
	Column { name: name.into(), kind: ColumnKind::Boolean, missing_allowed: missing }
}

fn categorical(name: &str, levels: &[&str], missing: bool) -> Column {
	Column {
		name: name.into(),
		kind: ColumnKind::Categorical { levels: levels.iter().map(|l| l.to_string()).collect() },
		missing_allowed: missing,
	}
}

fn date(name: &str, missing: bool) -> Column {
	Column { name: name.into(), kind: ColumnKind::Date, missing_allowed: missing }
}

/// A small schema with every type: free names, so no common definition applies.
fn small_schema() -> DatasetSchema {
	DatasetSchema {
		columns: vec![
			numeric("x", "mg", -5_000, 10_000, true),
			boolean("flag", true),
			categorical("colour", &["red", "green", "blue"], true),
			date("day", true),
			boolean("y", true),
		],
	}
}

const PSEUDONYM_A: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const PSEUDONYM_B: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

fn small_file() -> String {
	[
		"patient_id,patient_pseudonym,x,flag,colour,day,y",
		&format!("P-1,{PSEUDONYM_A},2.5,1,green,1970-01-11,1"),
		&format!("P-2,{PSEUDONYM_B},,,,1970-01-02,0"),
		&format!("P-3,{PSEUDONYM_A},1,0,blue,1970-01-03,"),
		&format!("P-4,{PSEUDONYM_B},3,true,red,,1"),
		&format!("P-5,{PSEUDONYM_A},-4.125,false,red,1969-12-31,0"),
	]
	.join("\n")
}

fn schema_error(f: impl FnOnce(&mut DatasetSchema)) -> Result<(), SchemaError> {
	let mut schema = small_schema();
	f(&mut schema);
	schema.validate()
}

#[test]
fn every_schema_error_is_named_with_its_column() {
	assert_eq!(small_schema().validate(), Ok(()));
	assert_eq!(schema_error(|s| s.columns.clear()), Err(SchemaError::NoColumns));
	assert_eq!(
		schema_error(|s| {
			s.columns = (0..=MAX_COLUMNS).map(|i| boolean(&format!("c{i}"), false)).collect()
		}),
		Err(SchemaError::TooManyColumns)
	);
	let long_name = "n".repeat(MAX_NAME_LEN + 1);
	for name in ["", "bad-name", "amh ng", "âge", "patient_pseudonym", "patient_id", &long_name] {
		assert_eq!(
			schema_error(|s| s.columns[2].name = name.into()),
			Err(SchemaError::InvalidName { column: 2 }),
			"{name:?}"
		);
	}
	assert_eq!(
		schema_error(|s| s.columns[0].name = "N".repeat(MAX_NAME_LEN)),
		Ok(()),
		"a name of exactly the maximum length is fine"
	);
	assert_eq!(
		schema_error(|s| s.columns[3].name = "flag".into()),
		Err(SchemaError::DuplicateName { column: 3 })
	);
	for kind in [
		ColumnKind::Numeric { unit: "mg".into(), min_milli: 2, max_milli: 1 },
		ColumnKind::Numeric { unit: String::new(), min_milli: 0, max_milli: 1 },
		ColumnKind::Numeric { unit: "u".repeat(MAX_NAME_LEN + 1), min_milli: 0, max_milli: 1 },
	] {
		assert_eq!(
			schema_error(|s| s.columns[0].kind = kind),
			Err(SchemaError::InvalidRange { column: 0 })
		);
	}
	assert_eq!(
		schema_error(|s| s.columns[0].kind =
			ColumnKind::Numeric { unit: "mg".into(), min_milli: 7, max_milli: 7 }),
		Ok(()),
		"a single-value range is a range"
	);
	let too_many: Vec<String> = (0..=MAX_LEVELS).map(|i| format!("l{i}")).collect();
	let long_level = "l".repeat(MAX_NAME_LEN + 1);
	for levels in [
		vec!["only".to_string()],
		too_many,
		vec!["a".into(), String::new()],
		vec!["a".into(), "b,c".into()],
		vec!["a".into(), "b\nc".into()],
		vec!["a".into(), long_level],
		vec!["a".into(), "b".into(), "a".into()],
	] {
		assert_eq!(
			schema_error(|s| s.columns[2].kind = ColumnKind::Categorical { levels }),
			Err(SchemaError::InvalidLevels { column: 2 })
		);
	}
}

#[test]
fn a_common_name_must_keep_its_common_definition_but_not_its_missingness() {
	let with = |column: Column| DatasetSchema { columns: vec![boolean("z", false), column] };
	let common = |name: &str| common_data_model().into_iter().find(|c| c.name == name).unwrap();
	assert_eq!(with(common("amh_ng_ml")).validate(), Ok(()));
	let mut may_miss = common("amh_ng_ml");
	may_miss.missing_allowed = true;
	assert_eq!(with(may_miss).validate(), Ok(()));
	for column in [
		// AMH in pmol/L is another measurement under the same name.
		numeric("amh_ng_ml", "pmol/L", 0, 180_000, false),
		numeric("age", "years", 0, 120_000, false),
		categorical("cycle_type", &["frozen", "fresh"], false),
		numeric("live_birth", "count", 0, 1_000, false),
		boolean("trigger", false),
		date("ohss", false),
	] {
		assert_eq!(with(column).validate(), Err(SchemaError::NotCommonDefinition { column: 1 }));
	}
}

#[test]
fn the_common_data_model_is_a_valid_schema_with_the_54_gardner_grades() {
	let model = DatasetSchema { columns: common_data_model() };
	assert_eq!(model.validate(), Ok(()));
	let grades = gardner_grades();
	assert_eq!(grades.len(), 54);
	assert_eq!((grades[0].as_str(), grades[53].as_str()), ("1AA", "6CC"));
	assert!(grades.iter().all(|g| fl_core::features::GardnerGrade::parse(g).is_some()));
	let grade = model.column("embryo_grade").unwrap();
	assert_eq!(grade.kind, ColumnKind::Categorical { levels: grades });
	for name in ["mature_oocytes", "clinical_pregnancy", "ohss", "blastocysts", "fsh_total_dose"] {
		assert!(model.column(name).is_some(), "{name}");
	}
	assert_eq!(
		model.column("trigger").unwrap().kind,
		ColumnKind::Categorical {
			levels: vec!["hcg".into(), "gnrh_agonist".into(), "dual".into()]
		}
	);
	assert!(model.column("patient_pseudonym").is_none());
}

#[test]
fn the_schema_id_is_the_blake2_256_of_its_scale_encoding() {
	let schema = ivf_schema();
	assert_eq!(schema.id(), sp_crypto_hashing::blake2_256(&schema.encode()));
	let mut other = schema.clone();
	other.columns[1].missing_allowed = true;
	assert_ne!(other.id(), schema.id());
	assert_eq!(schema.position("bmi"), Some(2));
	assert_eq!(schema.column("bmi").map(|c| c.name.as_str()), Some("bmi"));
	assert_eq!(schema.column("BMI"), None);
}

#[test]
fn the_ivf_schema_reads_every_synthetic_ivf_file() {
	let schema = ivf_schema();
	assert_eq!(schema.validate(), Ok(()));
	let names: Vec<&str> = schema.columns.iter().map(|c| c.name.as_str()).collect();
	assert_eq!(names, IVF_COLUMNS);
	assert_eq!(&synth::CSV_HEADER[2..], &IVF_COLUMNS[..]);
	let generator = synth::Generator::new(5, 3);
	for clinic in 0..=5 {
		let records = if clinic == 0 {
			generator.test_records(300)
		} else {
			generator.clinic_records(clinic, 300)
		};
		let mut text = synth::CSV_HEADER.join(",");
		for record in &records {
			text.push('\n');
			text.push_str(&synth::csv_line(record));
		}
		let table = parse_table(&text, &schema).unwrap();
		assert_eq!(table.len(), records.len());
		for (row, record) in records.iter().enumerate() {
			let cycle = &record.cycle;
			assert_eq!(table.pseudonyms[row], record.pseudonym);
			let value = |name| table.value(row, name).unwrap();
			assert_eq!(value("age"), Some(Value::Number(cycle.age_years as i64 * 1000)));
			assert_eq!(value("amh_ng_ml"), Some(Value::Number(cycle.amh_centi_ng_ml as i64 * 10)));
			assert_eq!(value("bmi"), Some(Value::Number(cycle.bmi_deci as i64 * 100)));
			assert_eq!(value("cycle_type"), Some(Value::Level(cycle.frozen as u16)));
			let grade = format_value(value("embryo_grade").unwrap(), &schema.columns[13].kind);
			assert_eq!(grade, Some(cycle.embryo_grade.to_string()));
			assert_eq!(value("live_birth"), Some(Value::Bool(cycle.live_birth)));
		}
	}
}

#[test]
fn schema_and_question_json_round_trip_and_read_as_documented() {
	for schema in [ivf_schema(), small_schema(), fl_core::study_synth::study_schema()] {
		assert_eq!(read_schema_json(&schema_json(&schema)), Ok(schema));
	}
	let documented = r#"{ "columns": [
		{ "name": "age", "kind": { "Numeric": { "unit": "years", "min_milli": 18000,
		  "max_milli": 55000 } }, "missing_allowed": false },
		{ "name": "trigger", "kind": { "Categorical": { "levels": ["hcg", "gnrh_agonist",
		  "dual"] } }, "missing_allowed": false },
		{ "name": "pcos", "kind": "Boolean", "missing_allowed": false },
		{ "name": "stimulation_start", "kind": "Date", "missing_allowed": false },
		{ "name": "ohss", "kind": "Boolean", "missing_allowed": true }
	] }"#;
	let schema = read_schema_json(documented).unwrap();
	assert_eq!(schema.columns.len(), 5);
	assert_eq!(schema.columns[3].kind, ColumnKind::Date);
	let question = read_question_json(
		r#"{ "outcome": { "column": "ohss", "event": "IsTrue" },
		  "features": [
		    { "column": "age", "encoding": "Numeric", "missing": "DropRow" },
		    { "column": "stimulation_start", "encoding": "Numeric", "missing": "Indicator" },
		    { "column": "pcos", "encoding": "Boolean", "missing": { "ImputeMilli": 0 } },
		    { "column": "trigger", "encoding": { "OneHot": { "levels": ["hcg", "dual"] } },
		      "missing": "DropRow" }
		] }"#,
	)
	.unwrap();
	assert_eq!(question.check_schema(&schema), Ok(()));
	assert_eq!(question.encoded_width(), 6);
	assert_eq!(read_question_json(&question_json(&question)), Ok(question));
	// Valid JSON of an invalid schema or question is refused, and says why.
	let duplicate = DatasetSchema { columns: vec![boolean("a", false), boolean("a", false)] };
	let message = read_schema_json(&schema_json(&duplicate)).unwrap_err();
	assert!(message.contains("column 2"), "{message}");
	assert!(read_schema_json("{ \"columns\": 3 }").is_err());
	let event = r#"{ "outcome": { "column": "y", "event": { "AtLeastMilli": 15000 } },
		"features": [] }"#;
	assert!(read_question_json(event).unwrap_err().contains("features"));
}

fn feature(column: &str, encoding: Encoding, missing: MissingPolicy) -> FeatureColumn {
	FeatureColumn { column: column.into(), encoding, missing }
}

fn one_hot(levels: &[&str]) -> Encoding {
	Encoding::OneHot { levels: levels.iter().map(|l| l.to_string()).collect() }
}

/// Every type and policy on [`small_schema`]: width 1 + 1 + 1 + 2 + 1 = 6.
fn small_question() -> StudyQuestion {
	StudyQuestion {
		outcome: Outcome { column: "y".into(), event: OutcomeEvent::IsTrue },
		features: vec![
			feature("x", Encoding::Numeric, MissingPolicy::Indicator),
			feature("flag", Encoding::Boolean, MissingPolicy::ImputeMilli(1000)),
			feature("colour", one_hot(&["green", "blue"]), MissingPolicy::ImputeMilli(0)),
			feature("day", Encoding::Numeric, MissingPolicy::DropRow),
		],
	}
}

fn question_error(f: impl FnOnce(&mut StudyQuestion)) -> Result<(), QuestionError> {
	let mut question = small_question();
	f(&mut question);
	question.check_schema(&small_schema())
}

#[test]
fn every_question_error_is_named() {
	assert_eq!(question_error(|_| {}), Ok(()));
	assert_eq!(question_error(|q| q.features.clear()), Err(QuestionError::FeatureCount));
	assert_eq!(
		question_error(|q| q.features[1].column = "x".into()),
		Err(QuestionError::DuplicateColumn)
	);
	assert_eq!(
		question_error(|q| q.features[0].column = "y".into()),
		Err(QuestionError::DuplicateColumn)
	);
	assert_eq!(
		question_error(|q| q.features[2].encoding = one_hot(&[])),
		Err(QuestionError::InvalidLevels)
	);
	assert_eq!(
		question_error(|q| q.outcome.column = "live_birth".into()),
		Err(QuestionError::OutcomeColumnMissing)
	);
	for (column, event) in [
		("x", OutcomeEvent::IsTrue),
		("colour", OutcomeEvent::IsLevel("purple".into())),
		("y", OutcomeEvent::IsLevel("red".into())),
		("y", OutcomeEvent::AtLeastMilli(1)),
		("day", OutcomeEvent::AtLeastMilli(1)),
	] {
		assert_eq!(
			question_error(|q| {
				q.features.retain(|f| f.column != column);
				q.outcome = Outcome { column: column.into(), event };
			}),
			Err(QuestionError::OutcomeTypeMismatch),
			"{column}"
		);
	}
	for (column, event) in
		[("colour", OutcomeEvent::IsLevel("blue".into())), ("x", OutcomeEvent::AtLeastMilli(1))]
	{
		assert_eq!(
			question_error(|q| {
				q.features.retain(|f| f.column != column);
				q.outcome = Outcome { column: column.into(), event };
			}),
			Ok(())
		);
	}
	assert_eq!(
		question_error(|q| q.features[3].column = "date_of_birth".into()),
		Err(QuestionError::FeatureColumnMissing { feature: 3 })
	);
	for (i, encoding) in [
		(0, Encoding::Boolean),
		(0, one_hot(&["red"])),
		(1, Encoding::Numeric),
		(2, Encoding::Numeric),
		(2, one_hot(&["green", "purple"])),
		(3, Encoding::Boolean),
	] {
		assert_eq!(
			question_error(|q| q.features[i].encoding = encoding),
			Err(QuestionError::FeatureTypeMismatch { feature: i as u32 })
		);
	}
}

#[test]
fn the_public_normalisation_comes_from_the_schema_alone() {
	let schema = small_schema();
	let question = small_question();
	let scalings = question.public_normalisation(&schema).unwrap();
	assert_eq!(scalings.len(), question.encoded_width());
	let half = FeatureScaling { mean: fixed::ONE / 2, scale: fixed::ONE / 2 };
	// x: range −5 … 10 mg: centre 2.5, scale 3.75; then its indicator.
	assert_eq!(scalings[0], FeatureScaling::new(2.5, 3.75));
	assert_eq!(&scalings[1..5], &[half; 4]);
	let (start, end) = DATE_SPAN_DAYS;
	assert_eq!(start, days_from_civil(2000, 1, 1).unwrap() as i64);
	assert_eq!(end, days_from_civil(2040, 1, 1).unwrap() as i64);
	assert_eq!(scalings[5], FeatureScaling::new(18_262.0, 3_652.5));
	// A narrow range still scales by at least one unit.
	let narrow = DatasetSchema {
		columns: vec![numeric("n", "count", 0, 2_000, false), boolean("y", false)],
	};
	let q = StudyQuestion {
		outcome: Outcome { column: "y".into(), event: OutcomeEvent::IsTrue },
		features: vec![feature("n", Encoding::Numeric, MissingPolicy::DropRow)],
	};
	assert_eq!(q.public_normalisation(&narrow), Ok(vec![FeatureScaling::new(1.0, 1.0)]));
	assert_eq!(
		question.public_normalisation(&narrow),
		Err(QuestionError::FeatureColumnMissing { feature: 0 })
	);
}

fn table_error(text: &str) -> TableError {
	parse_table(text, &small_schema()).unwrap_err()
}

fn replace_field(line: usize, column: &str, value: &str) -> String {
	let text = small_file();
	let mut lines: Vec<String> = text.lines().map(String::from).collect();
	let position = lines[0].split(',').position(|c| c == column).unwrap();
	let mut fields: Vec<String> = lines[line - 1].split(',').map(String::from).collect();
	fields[position] = value.into();
	lines[line - 1] = fields.join(",");
	lines.join("\n")
}

#[test]
fn a_table_is_read_exactly_by_column_name() {
	let table = parse_table(&small_file(), &small_schema()).unwrap();
	assert_eq!(table.len(), 5);
	assert_eq!(table.pseudonyms[1][0], 0xff);
	let level = |l| Some(Value::Level(l));
	assert_eq!(
		table.rows[0],
		vec![
			Some(Value::Number(2_500)),
			Some(Value::Bool(true)),
			level(1),
			Some(Value::Date(10)),
			Some(Value::Bool(true)),
		]
	);
	assert_eq!(
		table.rows[1],
		vec![None, None, None, Some(Value::Date(1)), Some(Value::Bool(false))]
	);
	assert_eq!(table.rows[2][4], None);
	assert_eq!(table.rows[3][1], Some(Value::Bool(true)));
	assert_eq!(table.rows[4][0], Some(Value::Number(-4_125)));
	assert_eq!(table.rows[4][3], Some(Value::Date(-1)));
	assert_eq!(table.value(0, "colour"), Some(level(1)));
	assert_eq!(table.value(0, "patient_id"), None);
	assert_eq!(table.value(9, "x"), None);
	// A spreadsheet's byte-order mark, Windows line ends and blank lines change nothing.
	let windows = format!("\u{feff}{}\r\n\r\n", small_file().replace('\n', "\r\n\r\n"));
	assert_eq!(parse_table(&windows, &small_schema()), Ok(table.clone()));
	// Without `patient_id`.
	let without: String = small_file()
		.lines()
		.map(|l| l.split_once(',').unwrap().1.to_string() + "\n")
		.collect();
	assert_eq!(parse_table(&without, &small_schema()), Ok(table));
}

#[test]
fn any_column_order_reads_to_the_same_table() {
	let text = small_file();
	let expected = parse_table(&text, &small_schema()).unwrap();
	let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
	let width = lines[0].len();
	for rotation in 1..width {
		for reverse in [false, true] {
			let mut order: Vec<usize> = (0..width).collect();
			order.rotate_left(rotation);
			if reverse {
				order.reverse();
			}
			let permuted: String = lines
				.iter()
				.map(|fields| order.iter().map(|&i| fields[i]).collect::<Vec<_>>().join(",") + "\n")
				.collect();
			assert_eq!(parse_table(&permuted, &small_schema()), Ok(expected.clone()));
		}
	}
}

#[test]
fn numbers_are_read_exactly_in_thousandths() {
	let kind =
		ColumnKind::Numeric { unit: "u".into(), min_milli: -10_000_000, max_milli: 10_000_000 };
	for (text, milli) in [
		("2.35", 2_350),
		("2.350", 2_350),
		("0.001", 1),
		("7", 7_000),
		("007.5", 7_500),
		("-0.5", -500),
		("-0", 0),
		("9999.999", 9_999_999),
	] {
		assert_eq!(parse_value(text, &kind), Ok(Value::Number(milli)), "{text}");
		assert_eq!(
			parse_value(&format_value(Value::Number(milli), &kind).unwrap(), &kind),
			Ok(Value::Number(milli))
		);
	}
	assert_eq!(format_value(Value::Number(2_350), &kind).as_deref(), Some("2.35"));
	assert_eq!(format_value(Value::Number(-7_000), &kind).as_deref(), Some("-7"));
	for text in ["", "-", "+1", ".5", "5.", "1e3", "1,5", "1.2.3", " 1", "0x10", "--1", "١"] {
		assert_eq!(parse_value(text, &kind), Err(TableErrorReason::InvalidNumber), "{text:?}");
	}
	assert_eq!(parse_value("2.3500", &kind), Err(TableErrorReason::TooManyDecimals));
	assert_eq!(parse_value("10000.001", &kind), Err(TableErrorReason::OutOfRange));
	assert_eq!(parse_value("99999999999999999999", &kind), Err(TableErrorReason::OutOfRange));
}

#[test]
fn dates_are_calendar_days_since_1970() {
	assert_eq!(days_from_civil(1970, 1, 1), Some(0));
	assert_eq!(days_from_civil(2000, 3, 1), Some(11_017));
	assert_eq!(days_from_civil(1969, 12, 31), Some(-1));
	assert_eq!(days_from_civil(2024, 2, 29), Some(19_782));
	for (y, m, d) in
		[(2023, 2, 29), (2100, 2, 29), (2024, 4, 31), (2024, 13, 1), (2024, 0, 1), (2024, 1, 0)]
	{
		assert_eq!(days_from_civil(y, m, d), None, "{y}-{m}-{d}");
	}
	assert_eq!(days_from_civil(2000, 2, 29), Some(11_016));
	// Every day of 1900 … 2199 round-trips, and consecutive days are consecutive dates.
	let (first, last) =
		(days_from_civil(1900, 1, 1).unwrap(), days_from_civil(2199, 12, 31).unwrap());
	assert_eq!(last - first + 1, 300 * 365 + 73, "300 years with 73 leap days");
	let mut previous = civil_from_days(first - 1);
	assert_eq!(previous, (1899, 12, 31));
	for days in first..=last {
		let date = civil_from_days(days);
		assert_eq!(days_from_civil(date.0, date.1, date.2), Some(days));
		assert!(date > previous);
		previous = date;
	}
	let kind = ColumnKind::Date;
	assert_eq!(parse_value("2021-03-14", &kind), Ok(Value::Date(18_700)));
	assert_eq!(format_value(Value::Date(18_700), &kind).as_deref(), Some("2021-03-14"));
	for text in [
		"2021-3-14",
		"2021/03/14",
		"14-03-2021",
		"1899-12-31",
		"2200-01-01",
		"2021-02-30",
		"2021-03-1x",
		"+021-03-14",
	] {
		assert_eq!(parse_value(text, &kind), Err(TableErrorReason::InvalidDate), "{text}");
	}
}

#[test]
fn booleans_and_levels_are_read_by_their_exact_text() {
	let levels = ColumnKind::Categorical { levels: vec!["fresh".into(), "frozen".into()] };
	assert_eq!(parse_value("frozen", &levels), Ok(Value::Level(1)));
	for text in ["Frozen", " frozen", "frozen "] {
		assert_eq!(parse_value(text, &levels), Err(TableErrorReason::UnknownLevel));
	}
	for (text, b) in [("1", true), ("true", true), ("0", false), ("false", false)] {
		assert_eq!(parse_value(text, &ColumnKind::Boolean), Ok(Value::Bool(b)));
	}
	for text in ["yes", "TRUE", "2", "01"] {
		assert_eq!(parse_value(text, &ColumnKind::Boolean), Err(TableErrorReason::InvalidBoolean));
	}
	assert_eq!(format_value(Value::Level(2), &levels), None);
	assert_eq!(format_value(Value::Bool(true), &levels), None);
}

#[test]
fn every_table_error_names_its_line_and_column_but_never_the_value() {
	let at = |line, column: Option<&str>, reason| TableError {
		line,
		column: column.map(String::from),
		reason,
	};
	let mut invalid = small_schema();
	invalid.columns[1].name = "flag!".into();
	assert_eq!(
		parse_table(&small_file(), &invalid),
		Err(at(0, Some("flag!"), TableErrorReason::Schema(SchemaError::InvalidName { column: 1 })))
	);
	assert_eq!(table_error(""), at(1, None, TableErrorReason::NoHeader));
	assert_eq!(table_error("\n\n"), at(1, None, TableErrorReason::NoHeader));
	let header = "patient_pseudonym,x,flag,colour,day,y";
	assert_eq!(
		table_error(&format!("{header},weight")),
		at(1, None, TableErrorReason::UnknownColumn { position: 7 })
	);
	assert_eq!(
		table_error(&format!("{header},x")),
		at(1, Some("x"), TableErrorReason::DuplicateColumn)
	);
	assert_eq!(
		table_error(&format!("{header},patient_pseudonym")),
		at(1, Some("patient_pseudonym"), TableErrorReason::DuplicateColumn)
	);
	assert_eq!(
		table_error("x,flag,colour,day,y"),
		at(1, Some("patient_pseudonym"), TableErrorReason::MissingColumn)
	);
	assert_eq!(
		table_error("patient_pseudonym,x,flag,day,y"),
		at(1, Some("colour"), TableErrorReason::MissingColumn)
	);
	// Line 3 of the small file, its fields cut short or extended.
	let text = small_file();
	let cut: Vec<String> = text
		.lines()
		.enumerate()
		.map(|(i, l)| {
			if i == 2 {
				l.rsplit_once(',').unwrap().0.rsplit_once(',').unwrap().0.to_string()
			} else {
				l.to_string()
			}
		})
		.collect();
	assert_eq!(table_error(&cut.join("\n")), at(3, Some("day"), TableErrorReason::FieldCount));
	let long = text.replacen("1970-01-02,0", "1970-01-02,0,1", 1);
	assert_eq!(table_error(&long), at(3, None, TableErrorReason::FieldCount));

	let mut strict = small_schema();
	strict.columns[0].missing_allowed = false;
	assert_eq!(
		parse_table(&small_file(), &strict),
		Err(at(3, Some("x"), TableErrorReason::MissingValue))
	);
	let cases = [
		(
			2,
			"patient_pseudonym",
			"+0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
			TableErrorReason::InvalidPseudonym,
		),
		(2, "patient_pseudonym", "0123", TableErrorReason::InvalidPseudonym),
		(4, "x", "12,5", TableErrorReason::FieldCount),
		(4, "x", "12.5.1", TableErrorReason::InvalidNumber),
		(5, "x", "1.23456", TableErrorReason::TooManyDecimals),
		(6, "x", "10.001", TableErrorReason::OutOfRange),
		(6, "x", "-5.001", TableErrorReason::OutOfRange),
		(2, "flag", "yes", TableErrorReason::InvalidBoolean),
		(2, "colour", "purple", TableErrorReason::UnknownLevel),
		(2, "day", "1970-02-30", TableErrorReason::InvalidDate),
		(2, "y", "maybe", TableErrorReason::InvalidBoolean),
	];
	for (line, column, value, reason) in cases {
		let error = table_error(&replace_field(line, column, value));
		let column = if reason == TableErrorReason::FieldCount { None } else { Some(column) };
		assert_eq!(error, at(line, column, reason), "{value}");
		let shown = error.to_string();
		assert!(shown.starts_with(&format!("line {line}, ")), "{shown}");
		assert!(!shown.contains(value), "the message {shown:?} shows the value {value:?}");
	}
	// A file that lost its header has a row of data in its place: the message shows none of it.
	let headless: String = small_file().lines().skip(1).collect::<Vec<_>>().join("\n");
	let error = table_error(&headless);
	assert_eq!(error, at(1, None, TableErrorReason::UnknownColumn { position: 1 }));
	let shown = error.to_string();
	assert!(!shown.contains("P-1") && !shown.contains(PSEUDONYM_A), "{shown}");
	assert_eq!(shown, "line 1, header field 1 is not a column of the schema");
}

fn identity(width: usize) -> Vec<FeatureScaling> {
	vec![FeatureScaling { mean: 0, scale: fixed::ONE }; width]
}

#[test]
fn rows_encode_with_one_hot_indicator_imputation_and_dropped_rows() {
	let table = parse_table(&small_file(), &small_schema()).unwrap();
	let question = small_question();
	let encoded = question.encode_rows(&table, &[0, 1, 2, 3, 4], &identity(6)).unwrap();
	// Row 2 has no outcome; row 3 no day (a DropRow feature).
	assert_eq!(encoded.used, vec![0, 1, 4]);
	assert_eq!(encoded.set.len(), 3);
	assert_eq!(encoded.set.labels.to_vec(), vec![1.0, 0.0, 0.0]);
	let row = |i: usize| encoded.set.features.row(i).to_vec();
	// x, x missing?, flag, colour = green, colour = blue, day.
	assert_eq!(row(0), vec![2.5, 0.0, 1.0, 1.0, 0.0, 10.0]);
	// x missing: the scaling's mean (0 here) and the indicator; flag imputed 1; colour zeros.
	assert_eq!(row(1), vec![0.0, 1.0, 1.0, 0.0, 0.0, 1.0]);
	// Red is the reference level: all zeros.
	assert_eq!(row(2), vec![-4.125, 0.0, 0.0, 0.0, 0.0, -1.0]);
	// Rows come in the order asked for, repeated if asked twice.
	let reordered = question.encode_rows(&table, &[4, 0, 4], &identity(6)).unwrap();
	assert_eq!(reordered.used, vec![4, 0, 4]);
	assert_eq!(reordered.set.features.row(1).to_vec(), row(0));
	assert!(question.encode_rows(&table, &[], &identity(6)).unwrap().set.is_empty());

	// Under the public normalisation a missing x is exactly 0, a present one is scaled.
	let public = question.public_normalisation(&table.schema).unwrap();
	let scaled = question.encode_rows(&table, &[0, 1], &public).unwrap();
	let (x, missing) = (scaled.set.features[[0, 0]], scaled.set.features[[1, 0]]);
	assert!((x - (2.5 - 2.5) / 3.75).abs() < 1e-4, "{x}");
	assert_eq!(missing, 0.0);
	assert_eq!(scaled.set.features.row(0).to_vec()[1..5], [-1.0, 1.0, 1.0, -1.0]);
	assert_eq!(scaled.set.features.row(1).to_vec()[1..5], [1.0, 1.0, -1.0, -1.0]);
	let day = scaled.set.features[[0, 5]];
	assert!((day - (10.0 - 18_262.0) / 3_652.5).abs() < 1e-6, "{day}");

	// An indicator on a one-hot column: its inputs become their means (0 after scaling).
	let mut with_indicator = question.clone();
	with_indicator.features[2].missing = MissingPolicy::Indicator;
	let public = with_indicator.public_normalisation(&table.schema).unwrap();
	let encoded = with_indicator.encode_rows(&table, &[1], &public).unwrap();
	assert_eq!(encoded.set.features.row(0).to_vec()[3..6], [0.0, 0.0, 1.0]);
}

#[test]
fn other_outcome_events_label_rows() {
	let table = parse_table(&small_file(), &small_schema()).unwrap();
	let mut question = small_question();
	question.features.remove(2);
	question.outcome =
		Outcome { column: "colour".into(), event: OutcomeEvent::IsLevel("red".into()) };
	let encoded = question.encode_rows(&table, &[0, 1, 2, 3, 4], &identity(4)).unwrap();
	// Row 1 has no colour, row 3 no day.
	assert_eq!(encoded.used, vec![0, 2, 4]);
	assert_eq!(encoded.set.labels.to_vec(), vec![0.0, 0.0, 1.0]);
	let mut question = small_question();
	question.features.remove(0);
	question.outcome = Outcome { column: "x".into(), event: OutcomeEvent::AtLeastMilli(2_500) };
	let encoded = question.encode_rows(&table, &[0, 1, 2, 3, 4], &identity(4)).unwrap();
	assert_eq!(encoded.used, vec![0, 2, 4]);
	assert_eq!(encoded.set.labels.to_vec(), vec![1.0, 0.0, 0.0]);
}

#[test]
fn encoding_refuses_what_does_not_fit() {
	let table = parse_table(&small_file(), &small_schema()).unwrap();
	let question = small_question();
	let mut other = question.clone();
	other.features[0].column = "weight".into();
	assert_eq!(
		other.encode_rows(&table, &[0], &identity(6)),
		Err(EncodeError::Question(QuestionError::FeatureColumnMissing { feature: 0 }))
	);
	assert_eq!(
		question.encode_rows(&table, &[0], &identity(5)),
		Err(EncodeError::NormalisationLength)
	);
	let mut zero = identity(6);
	zero[3].scale = 0;
	assert_eq!(question.encode_rows(&table, &[0], &zero), Err(EncodeError::NonPositiveScale));
	assert_eq!(
		question.encode_rows(&table, &[0, 5, 1], &identity(6)),
		Err(EncodeError::RowOutOfRange { row: 5 })
	);
	let mut hand_built: Table = table.clone();
	hand_built.rows[1][0] = Some(Value::Bool(true));
	assert_eq!(
		question.encode_rows(&hand_built, &[0, 1], &identity(6)),
		Err(EncodeError::InvalidValue { row: 1, column: 0 })
	);
	let mut hand_built = table.clone();
	hand_built.rows[0][2] = Some(Value::Level(3));
	assert_eq!(
		question.encode_rows(&hand_built, &[0], &identity(6)),
		Err(EncodeError::InvalidValue { row: 0, column: 2 })
	);
	let mut hand_built = table;
	hand_built.rows[0].truncate(2);
	assert!(matches!(
		question.encode_rows(&hand_built, &[0], &identity(6)),
		Err(EncodeError::InvalidValue { row: 0, .. })
	));
}
