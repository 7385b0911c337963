"""The accounting core of Lettrage: pure Python, standard library only, immutable values.

Operations take the books and return ``(books, problems)``; an invalid operation returns the books
unchanged with the problems that explain why.
"""
