"""skipgram_np: word2vec skip-gram with negative sampling, by hand in NumPy, fast with Numba."""
__version__ = "0.1.0"
