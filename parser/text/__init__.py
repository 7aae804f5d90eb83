"""The text reader: dictated and RIS-printed reports and layouts no vendor reader knows."""
