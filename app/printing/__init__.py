"""Printing: card sheets with their QR and Code 39 codes, the client brochure, and the
background job that renders a series' PDF.

Belongs here: drawing (code39 bar widths, qr_paths QR symbols as PDF paths, sheets the print-ready
card sheets, brochure), and the render job (jobs: asks for a render after the request commits,
runs it in a thread with its own app context, keeps progress and the finished PDF on the series).
Reports as PDF belong here too.

May import: app.cards (what a card's QR code carries) and other domains' read functions,
app.core, app.models, app.extensions. Never a blueprint: views ask for a render and serve the
stored PDF.
"""
