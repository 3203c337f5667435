"""formats/cdv1"""
