"""extract: facts of the report's year gathered from the departments' materials (`bigan facts extract`).

materials.py reads .docx/.txt/.md (through ingest) and .xlsx (openpyxl) into sentences with their
source (sentence.py); rules.py keeps the sentences that state this year's work; assign.py puts each in
an outline section (with_rules.py: the two together, the offline proposals); verify.py confirms a fact
against its source sentence; with_model.py lets a model propose and group facts (each proposal verified
the same way); sheet.py writes the reviewable fact sheet.
"""
