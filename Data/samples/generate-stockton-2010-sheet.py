#!/usr/bin/python3
"""Writes stockton-2010-improvement-plan.xlsx, the sample workbook `import-sheet` is tested on.

It is made with openpyxl (Debian's python3-openpyxl), not with actionplan's own writer, so that
the reader is tested on a workbook another program wrote: a title row, a merged banner, real
Excel dates, a date typed as text, and a finding text on the first row of each group only
(as councils merge cells). The findings are the "Areas for improvement" of Ofsted's
inspection of safeguarding and looked after children services, Stockton-on-Tees, 2010.

Run: /usr/bin/python3 Data/samples/generate-stockton-2010-sheet.py
"""
import datetime
import os

import openpyxl
from openpyxl.styles import Font, PatternFill

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Improvement plan"
ws["A1"] = "Stockton-on-Tees Children's Trust: safeguarding and looked after children inspection 2010 - improvement plan"
ws["A1"].font = Font(bold=True, size=14)
ws.merge_cells("A1:I1")
ws.append([])
header = ["Rec no", "Recommendation", "Actions", "Responsible officer", "Deadline", "RAG", "Progress", "Evidence of impact", "Notes to self"]
ws.append(header)
for cell in ws[3]:
    cell.font = Font(bold=True)
rows = [
    ["1", "The Children's Trust and SLSCB should review the processes used by all partner agencies and bodies to audit the "
          "quality of practice to ensure there is a sharper focus on the quality of provision, including recording, analysis "
          "and the measurement of intermediate outcomes.",
     "SLSCB audit sub-group to agree a single multi-agency audit framework", "SLSCB Business Manager",
     datetime.date(2011, 1, 31), "Green", "Framework drafted; consultation with partners in December.", None, "check with Jo"],
    [None, None, "Report audit findings to the Children's Trust Board quarterly", "Head of Safeguarding",
     datetime.date(2011, 3, 31), "Amber", "First report deferred to the March board.", None, None],
    ["2", "Review the capacity of safeguarding named and designated health professionals across health partners to ensure "
          "that the requirements of Working Together to Safeguard Children 2010 are fully met.",
     "PCT to complete a capacity review of named and designated professionals", "Director of Nursing, NHS Stockton-on-Tees",
     "31/01/2011", "Blue", "Review complete and two additional posts funded.", "Capacity review report, January 2011", None],
    ["3", "Establish and implement a comprehensive framework for the delivery of the CAF, associated pathways for early "
          "intervention services and joint processes for monitoring the impact, effectiveness and quality of services.",
     "Publish the CAF framework and pathways with training for all lead professionals", "Head of Early Intervention",
     datetime.date(2011, 4, 29), "Red", "Training programme delayed by the restructure.", None, None],
    ["4", "Review the team capacity of Independent Reviewing Officers to ensure that there is compliance with statutory "
          "guidance (due to be implemented in April 2011).",
     "Recruit two additional Independent Reviewing Officers", "Service Manager, Safeguarding and Reviewing",
     datetime.date(2011, 4, 1), None, None, None, None],
    ["5", "Ensure that ethnicity and identity is fully recorded in case and supervision records, and that all staff are able "
          "to demonstrate how these matters are being taken into account in assessments and planning.",
     "Add mandatory ethnicity and identity fields to the case recording system", "Head of Children's Social Care",
     datetime.date(2010, 12, 17), "Blue", "Fields live since 13 December.", "System change note CR-2041", None],
]
fills = {"Blue": "1D70B8", "Red": "D4351C", "Amber": "F47738", "Green": "00703C"}
for row in rows:
    ws.append(row)
    rag = row[5]
    if rag:
        ws.cell(row=ws.max_row, column=6).fill = PatternFill("solid", fgColor=fills[rag])
    if isinstance(row[4], datetime.date):
        ws.cell(row=ws.max_row, column=5).number_format = "dd/mm/yyyy"
ws.freeze_panes = "A4"

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stockton-2010-improvement-plan.xlsx")
wb.properties.creator = "Stockton-on-Tees Children's Trust"
wb.properties.created = datetime.datetime(2010, 11, 15, 9, 0, 0)
wb.properties.modified = datetime.datetime(2010, 11, 15, 9, 0, 0)
wb.save(out)
print("wrote", out)
