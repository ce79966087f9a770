"""revise"""
