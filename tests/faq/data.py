from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
QUESTIONS_CSV = DATA / "questions.csv"
