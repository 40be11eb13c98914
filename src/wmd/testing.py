"""placeholder"""
def _hypothesis_setup_hook() -> None:
    pass
