"""The shared vocabulary of report text, below every stage: heading markers, Chinese numerals, numbers
with their units, 【待补充：…】 placeholders, words and sentences, and the rule files they read.
Imports nothing from the stages."""
