"""Supervision's printable outputs: 督办单 and 调度通报 (.docx), 通报 and 考核 workbooks (.xlsx)."""
