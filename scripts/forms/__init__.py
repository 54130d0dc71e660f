"""The portal's forms: data, pages, a local Formspree-compatible receiver and an httpx client.

    python -m scripts.forms serve | inbox | submit | check   (see __main__.py)

- `data`: the forms as data (referentiel/formulaires.yaml): checks and page generator;
- `messages`: every French message about a submission, shared by the client, the
  receiver's HTML answers and the pages' script;
- `receiver`: a local stand-in for Formspree (development, tests, demos);
- `client`: the one httpx client, used by the command line and the tests.
"""
